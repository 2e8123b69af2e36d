// The audit log: who did what to which record, when and why. Other capabilities call audit() with their
// own transaction, so the entry commits with the change it records (or not at all).
//
// Never personal data in clear: subjects and details hold ids, counts, filters and keyed hashes. A string
// in `details` that looks like an email or an IP address is a programming error and throws; the free-text
// `reason` an organiser types is kept, with any email or IP address in it replaced by [email] or [ip].
import { isIP } from 'node:net';
import type { Queryable } from '../db/knex.ts';

export type AuditValue = string | number | boolean | null | readonly AuditValue[] | { readonly [key: string]: AuditValue };

export interface AuditEntry {
  /** Who: actorOf(user) → "user:12", or "cli", "system", "signer". */
  readonly actor: string;
  /** What, as "noun.verb": "user.created", "signature.invalidated", "export.signatories". */
  readonly action: string;
  /** Which record: "kind:id", e.g. "user:12", "petition:zhanaozen-list", "signatures:domain-hash:ab12…". */
  readonly subject: string;
  /** Ids, counts, filters, keyed hashes (see above). */
  readonly details?: { readonly [key: string]: AuditValue };
  /** Why, in the organiser's words (at most 1,000 characters). */
  readonly reason?: string | null;
  /** When (the use-case's clock); the database's time if left out. */
  readonly at?: Date;
}

const ACTOR = /^[a-z][a-z0-9_-]{0,39}(:[A-Za-z0-9_-]{1,64})?$/;
const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;
const SUBJECT = /^[a-z][a-z0-9_-]*(:[^\s@]{1,180})?$/;
const EMAIL = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/g;
/** Runs of the characters an IP address is written with; each is checked with node's isIP. */
const IP_LIKE = /[0-9A-Fa-f:.]{3,}/g;

export const actorOf = (user: { readonly id: number }): string => `user:${user.id}`;
export const CLI_ACTOR = 'cli';
export const SYSTEM_ACTOR = 'system';

const isAddress = (run: string): boolean => [run, run.replace(/[.:]$/, ''), run.replace(/^\.+|\.+$/g, '')].some((candidate) => isIP(candidate) !== 0);

function looksPersonal(text: string): boolean {
  return new RegExp(EMAIL.source).test(text) || (text.match(IP_LIKE) ?? []).some(isAddress);
}

function checkDetails(value: AuditValue, path: string, depth: number): void {
  if (depth > 4) throw new TypeError(`audit: details nested too deep at ${path}`);
  if (typeof value === 'string') {
    if (value.length > 500) throw new TypeError(`audit: details ${path} is longer than 500 characters`);
    if (looksPersonal(value)) throw new TypeError(`audit: details ${path} looks like an email or IP address; log an id or a keyed hash`);
  } else if (Array.isArray(value)) value.forEach((v, i) => checkDetails(v, `${path}[${i}]`, depth + 1));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) checkDetails(v, `${path}.${k}`, depth + 1);
}

/** The organiser's reason, with any email or IP address in it replaced. */
export function redactReason(reason: string): string {
  return reason.normalize('NFC').replace(EMAIL, '[email]').replace(IP_LIKE, (run) => (isAddress(run) ? '[ip]' : run)).trim().slice(0, 1000);
}

/** The row audit() would write: the entry checked, the reason redacted. Throws on a programming error. */
export function auditRow(entry: AuditEntry): Record<string, unknown> {
  if (!ACTOR.test(entry.actor)) throw new TypeError(`audit: bad actor ${JSON.stringify(entry.actor)}`);
  if (!ACTION.test(entry.action) || entry.action.length > 80) throw new TypeError(`audit: bad action ${JSON.stringify(entry.action)} (noun.verb)`);
  if (!SUBJECT.test(entry.subject) || entry.subject.length > 200 || looksPersonal(entry.subject)) throw new TypeError(`audit: bad subject ${JSON.stringify(entry.subject)} (kind:id)`);
  const details = entry.details ?? {};
  checkDetails(details, 'details', 0);
  const reason = entry.reason ? redactReason(entry.reason) : '';
  return {
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: JSON.stringify(details),
    reason: reason === '' ? null : reason,
    ...(entry.at ? { at: entry.at } : {}),
  };
}

/** Writes one entry on `db` (pass the use-case's transaction). */
export async function audit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert(auditRow(entry));
}
