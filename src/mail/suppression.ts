// The suppression list of the shared mail layer: addresses (by their keyed hash) that a receiving server
// refused permanently, so no capability's mail goes to them again until an organiser lifts it; and the
// record of each refused message (the deliverability figures). Knex only; no capability is imported.
import type { Queryable } from '../db/knex.ts';

export interface Refusal {
  readonly messageId: string;
  readonly kind: string | undefined;
  readonly smtpCode: number;
  readonly emailHash: Buffer | undefined;
  readonly at: Date;
}

/** Of these hashes, the ones suppressed (one query for a whole batch of sends). */
export async function suppressedAmong(db: Queryable, hashes: readonly Buffer[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  // Asked before nearly every email: prepared once per connection (its name), so PostgreSQL does not plan it each time.
  const { rows } = (await db.raw('select email_hash from email_suppressions where email_hash = any(?::bytea[])', [[...hashes]]).options({ name: 'mail-suppressed-among' })) as { rows: { email_hash: Buffer }[] };
  return new Set(rows.map((r) => r.email_hash.toString('hex')));
}

/** Records a refused message and, when its address is known, suppresses it (kept as first suppressed). */
export async function recordRefusal(db: Queryable, refusal: Refusal): Promise<void> {
  await db.raw('insert into email_refusals (message_id, kind, smtp_code, email_hash, refused_at) values (?, ?, ?, ?, ?)', [refusal.messageId, refusal.kind ?? null, refusal.smtpCode, refusal.emailHash ?? null, refusal.at]);
  if (!refusal.emailHash) return;
  await db.raw(
    `insert into email_suppressions (email_hash, reason, smtp_code, message_id, created_at) values (?, 'smtp-permanent', ?, ?, ?)
     on conflict (email_hash) do nothing`,
    [refusal.emailHash, refusal.smtpCode, refusal.messageId, refusal.at],
  );
}

export interface SuppressionRow {
  readonly emailHash: Buffer;
  readonly reason: string;
  readonly smtpCode: number | null;
  readonly createdAt: Date;
}

/** The newest suppressions first (hashes, reasons, dates: never an address). */
export async function listSuppressions(db: Queryable, limit: number): Promise<{ rows: SuppressionRow[]; total: number }> {
  const { rows } = (await db.raw(
    `select email_hash as "emailHash", reason, smtp_code as "smtpCode", created_at as "createdAt", count(*) over ()::int as total
       from email_suppressions order by created_at desc, email_hash limit ?`,
    [limit],
  )) as { rows: (SuppressionRow & { total: number })[] };
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}

export async function findSuppression(db: Queryable, emailHash: Buffer): Promise<SuppressionRow | undefined> {
  const { rows } = (await db.raw('select email_hash as "emailHash", reason, smtp_code as "smtpCode", created_at as "createdAt" from email_suppressions where email_hash = ?', [emailHash])) as { rows: SuppressionRow[] };
  return rows[0];
}

/** Lifts a suppression; whether there was one. */
export async function liftSuppression(db: Queryable, emailHash: Buffer): Promise<boolean> {
  const deleted = await db('email_suppressions').where({ email_hash: emailHash }).delete();
  return deleted > 0;
}

/** Erasure: the suppression goes, and refused messages keep their count but lose the hash. */
export async function eraseSuppressionData(db: Queryable, emailHash: Buffer): Promise<number> {
  const suppressions = await db('email_suppressions').where({ email_hash: emailHash }).delete();
  const refusals = await db('email_refusals').where({ email_hash: emailHash }).update({ email_hash: null });
  return suppressions + refusals;
}

export async function countSuppressionData(db: Queryable, emailHash: Buffer): Promise<number> {
  const { rows } = (await db.raw('select (select count(*) from email_suppressions where email_hash = ?) + (select count(*) from email_refusals where email_hash = ?) as n', [emailHash, emailHash])) as { rows: { n: string }[] };
  return Number(rows[0]?.n ?? 0);
}
