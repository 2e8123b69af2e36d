// Where the EJS views live.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VIEWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'views');
