// Where the EJS views live.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VIEWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'views');

/**
 * EJS's options for every view. Includes are written from the views folder (`include('/partials/top')`):
 * EJS resolves a relative include with a file-system check on every render (a stat call per include per
 * page), an absolute one from `root` without touching the disk.
 */
export const VIEW_OPTIONS = { root: VIEWS_DIR } as const;

/** Plain-text emails (views/emails/*.txt.ejs) are not HTML: their values are written as they are. */
export const isTextView = (file: string): boolean => file.endsWith('.txt.ejs');
export const escapeText = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
