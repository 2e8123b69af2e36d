// View models of the moderation pages: the petition's newest signatures (public names only, IP hashes
// shortened), the largest IP-hash groups, the bulk form with its errors, and one signature's page.
import type { Response } from 'express';
import { decrypt } from '../lib/crypto.ts';
import type { SignatureRow } from './moderation.repo.ts';
import type { BulkValues, FieldError } from './moderation.schema.ts';
import { shortHash } from './selector.ts';

export interface SignatureView {
  readonly id: string;
  readonly href: string;
  readonly created: string;
  readonly country: string;
  readonly state: string;
  readonly validity: string;
  readonly invalidated: boolean;
  /** The public name, when the signer chose to show it (else null). */
  readonly publicName: string | null;
  readonly ipHash: string | null;
  readonly withdrawn: boolean;
}

export interface ErrorView {
  readonly field: string;
  readonly message: string;
}

export const errorViews = (res: Response, errors: readonly FieldError[]): ErrorView[] => errors.map((e) => ({ field: e.field, message: res.locals.t(e.key) }));

const STATE_KEYS = { pending: 'moderation.states.pending', confirmed: 'moderation.states.confirmed', withdrawn: 'moderation.states.withdrawn' } as const;
const VALIDITY_KEYS = { valid: 'moderation.validity.valid', invalidated: 'moderation.validity.invalidated' } as const;
const DONE_KEYS = {
  invalidated: 'moderation.done.invalidated',
  restored: 'moderation.done.restored',
  hidden: 'moderation.done.hidden',
  unchanged: 'moderation.done.unchanged',
  bulkInvalidated: 'moderation.done.bulkInvalidated',
  bulkRestored: 'moderation.done.bulkRestored',
} as const;
export type Done = keyof typeof DONE_KEYS;

export function presentSignature(res: Response, encryptionKey: Buffer, slug: string, row: SignatureRow): SignatureView {
  const { t, formatDateTime } = res.locals;
  return {
    id: row.id,
    href: `/admin/petitions/${slug}/signatures/${row.id}`,
    created: formatDateTime ? formatDateTime(row.createdAt) : row.createdAt.toISOString(),
    country: row.country,
    state: t(STATE_KEYS[row.state]),
    validity: t(VALIDITY_KEYS[row.validity]),
    invalidated: row.validity === 'invalidated',
    publicName: row.public && row.nameEnc ? decrypt(encryptionKey, row.nameEnc) : null,
    ipHash: row.ipHash ? shortHash(row.ipHash) : null,
    withdrawn: row.state === 'withdrawn',
  };
}

export interface BulkFormView {
  readonly values: BulkValues;
  readonly errors: ErrorView[];
  readonly errorOf: Readonly<Record<string, string>>;
}

export function presentBulkForm(res: Response, values: BulkValues, errors: readonly FieldError[] = []): BulkFormView {
  const views = errorViews(res, errors);
  return { values, errors: views, errorOf: Object.fromEntries(views.map((e) => [e.field, e.message])) };
}

/** The notice after a change (from the 303's query). */
export function doneMessage(res: Response, done: Done | undefined, count: number | undefined): string | null {
  if (!done) return null;
  return res.locals.t(DONE_KEYS[done], { count: count ?? 0, formatted: res.locals.formatNumber(count ?? 0) });
}
