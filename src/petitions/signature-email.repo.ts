// What a batch of signature emails needs, read in one query: each signature, its petition's slug and
// title in the signer's language, and whether that message was already handed to SMTP.
import type { Lang } from '../i18n/languages.ts';
import type { Queryable } from '../db/knex.ts';
import type { SignatureState, TokenPurpose } from './signature.repo.ts';

export interface SignatureEmailRow {
  readonly messageId: string;
  readonly id: string;
  readonly state: SignatureState;
  readonly emailEnc: Buffer | null;
  readonly nameEnc: Buffer | null;
  readonly lang: Lang;
  readonly slug: string;
  readonly title: string | null;
  readonly delivered: boolean;
}

/** One row per (message, signature) pair whose signature still exists, keyed by message id. */
export async function findSignaturesForEmail(db: Queryable, wanted: readonly { messageId: string; signatureId: string }[]): Promise<Map<string, SignatureEmailRow>> {
  if (wanted.length === 0) return new Map();
  const result = (await db.raw(
    `select w.message_id as "messageId", s.id::text as id, s.state, s.email_enc as "emailEnc", s.name_enc as "nameEnc", s.lang, p.slug,
            coalesce(t.title, (select f.title from petition_translations f where f.petition_id = p.id order by f.lang <> 'en', f.lang limit 1)) as title,
            exists (select 1 from email_deliveries d where d.message_id = w.message_id) as delivered
       from unnest(?::text[], ?::bigint[]) as w(message_id, signature_id)
       join signatures s on s.id = w.signature_id
       join petitions p on p.id = s.petition_id
       left join petition_translations t on t.petition_id = p.id and t.lang = s.lang`,
    [wanted.map((w) => w.messageId), wanted.map((w) => w.signatureId)],
  )) as { rows: SignatureEmailRow[] };
  return new Map(result.rows.map((row) => [row.messageId, row]));
}

export interface NewToken {
  readonly signatureId: string;
  readonly hash: Buffer;
  readonly purpose: TokenPurpose;
  readonly expiresAt: Date;
}

/** Stores the hashes of the links a batch of emails carries, in one statement (four array parameters, not four per row). */
export async function insertTokens(db: Queryable, tokens: readonly NewToken[]): Promise<void> {
  if (tokens.length === 0) return;
  await db.raw(
    `insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
     select * from unnest(?::bytea[], ?::bigint[], ?::text[], ?::timestamptz[])`,
    [tokens.map((t) => t.hash), tokens.map((t) => t.signatureId), tokens.map((t) => t.purpose), tokens.map((t) => t.expiresAt)],
  );
}

export interface Delivery {
  readonly messageId: string;
  readonly kind: string;
}

/**
 * Records messages SMTP has accepted, in one statement (a message recorded before is left as it is).
 * Committed without waiting for the WAL flush (synchronous_commit off for this transaction only): the
 * record only keeps a retried job from sending a message again. If the app dies, the database has it;
 * only a crash of PostgreSQL itself before its next flush (≤ 0.6 s; any later ordinary commit, e.g. the
 * job's completion, flushes it too) could lose it, and then the job is not complete either, so its
 * retry sends that message once more: a duplicate, never a lost email.
 */
export async function recordDeliveries(db: Queryable, deliveries: readonly Delivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await db.raw(
    `insert into email_deliveries (message_id, kind)
     select d.message_id, d.kind from unnest(?::text[], ?::text[]) as d(message_id, kind), (select set_config('synchronous_commit', 'off', true)) as async_commit
     on conflict (message_id) do nothing`,
    [deliveries.map((d) => d.messageId), deliveries.map((d) => d.kind)],
  ).options({ name: 'petitions-record-deliveries' }); // after nearly every email: prepared once per connection
}
