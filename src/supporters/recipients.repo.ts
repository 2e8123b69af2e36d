// Who gets an update, and its per-recipient ledger (knex only). A recipient is an address (by keyed
// hash) with a confirmed, valid, not withdrawn signature whose signer ticked "updates", whose address is
// not suppressed, and who has not unsubscribed since that consent; one per address, in the language of
// its latest confirmed signature. Reads the petitions' signatures table, as the reports do.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';

/** The eligible signatures, one per address (a subquery without placeholders). */
export const ELIGIBLE_SQL = `(
  select distinct on (s.email_hash) s.id, s.email_hash, s.lang
    from signatures s
   where s.updates and s.state = 'confirmed' and s.validity = 'valid' and s.withdrawn_at is null
     and s.email_enc is not null and s.email_hash is not null
     and not exists (select 1 from email_suppressions x where x.email_hash = s.email_hash)
     and not exists (select 1 from update_unsubscribes u where u.email_hash = s.email_hash and u.unsubscribed_at >= s.consented_at)
   order by s.email_hash, s.confirmed_at desc, s.id desc
)`;

/** Eligible addresses per language of their signature. */
export async function countEligibleByLang(db: Queryable): Promise<Map<Lang, number>> {
  const { rows } = (await db.raw(`select e.lang, count(*)::int as n from ${ELIGIBLE_SQL} e group by e.lang`)) as { rows: { lang: Lang; n: number }[] };
  return new Map(rows.map((r) => [r.lang, r.n]));
}

/**
 * Writes the ledger: one row per eligible address, in its language if the update has it, else in
 * English when `englishForOthers`, else none. How many rows it wrote.
 */
export async function writeLedger(db: Queryable, updateId: number, languages: readonly Lang[], englishForOthers: boolean): Promise<number> {
  const { rowCount } = (await db.raw(
    `insert into supporter_update_recipients (update_id, email_hash, signature_id, lang)
     select ?::int, e.email_hash, e.id, case when e.lang = any(?::text[]) then e.lang else 'en' end
       from ${ELIGIBLE_SQL} e
      where e.lang = any(?::text[]) or ?::bool
      order by e.id
     on conflict (update_id, email_hash) do nothing`,
    [updateId, [...languages], [...languages], englishForOthers],
  )) as { rowCount: number };
  return rowCount;
}

/** The ledger's parts of `size` rows each, as id ranges (a CTE body without placeholders but the update id). */
export const chunksSql = (size: number): string => `
  select min(r.id)::text as lo, max(r.id)::text as hi
    from (select id, (row_number() over (order by id) - 1) / ${Math.trunc(size)} as part from supporter_update_recipients where update_id = ?::int) r
   group by r.part`;

export interface RecipientRow {
  readonly id: string;
  readonly lang: Lang;
  readonly emailEnc: Buffer | null;
  /** Still eligible now (it may have unsubscribed, withdrawn or been erased since the ledger was written). */
  readonly eligible: boolean;
}

/** The pending rows of one part of the ledger of an update being sent, each with its address and whether it is still eligible. */
export async function pendingRecipients(db: Queryable, updateId: number, from: string, to: string): Promise<RecipientRow[]> {
  const { rows } = (await db.raw(
    `select r.id::text as id, r.lang, s.email_enc as "emailEnc",
            (s.id is not null and s.updates and s.state = 'confirmed' and s.validity = 'valid' and s.withdrawn_at is null and s.email_enc is not null
             and s.email_hash = r.email_hash
             and not exists (select 1 from email_suppressions x where x.email_hash = r.email_hash)
             and not exists (select 1 from update_unsubscribes u where u.email_hash = r.email_hash and u.unsubscribed_at >= s.consented_at)) as eligible
       from supporter_update_recipients r
       join supporter_updates u on u.id = r.update_id and u.status = 'sending'
       left join signatures s on s.id = r.signature_id
      where r.update_id = ? and r.id between ?::bigint and ?::bigint and r.status = 'pending'
      order by r.id`,
    [updateId, from, to],
  )) as { rows: RecipientRow[] };
  return rows;
}

/** Stores the unsubscribe tokens' hashes of rows about to be sent (one statement). */
export async function storeTokenHashes(db: Queryable, rows: readonly { id: string; tokenHash: Buffer }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.raw(
    `update supporter_update_recipients r set token_hash = v.hash
       from unnest(?::bigint[], ?::bytea[]) as v(id, hash) where r.id = v.id and r.token_hash is distinct from v.hash`,
    [rows.map((r) => r.id), rows.map((r) => r.tokenHash)],
  );
}

export type Outcome = 'sent' | 'refused' | 'skipped';

/**
 * Marks pending rows with what happened to them (one statement). Committed without waiting for the WAL
 * flush, like the email deliveries (petitions/signature-email.repo.ts): only a crash of PostgreSQL
 * itself could lose the mark, and then the send job is not complete either.
 */
export async function markRecipients(db: Queryable, rows: readonly { id: string; outcome: Outcome }[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await db.raw(
    `update supporter_update_recipients r set status = v.outcome, sent_at = case when v.outcome = 'sent' then ?::timestamptz end
       from unnest(?::bigint[], ?::text[]) as v(id, outcome), (select set_config('synchronous_commit', 'off', true)) as async_commit
      where r.id = v.id and r.status = 'pending'`,
    [at, rows.map((r) => r.id), rows.map((r) => r.outcome)],
  );
}

export interface Progress {
  readonly pending: number;
  readonly sent: number;
  readonly refused: number;
  readonly skipped: number;
}

export async function progressOf(db: Queryable, updateIds: readonly number[]): Promise<Map<number, Progress>> {
  if (updateIds.length === 0) return new Map();
  const { rows } = (await db.raw(
    `select update_id as "updateId",
            count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'sent')::int as sent,
            count(*) filter (where status = 'refused')::int as refused, count(*) filter (where status = 'skipped')::int as skipped
       from supporter_update_recipients where update_id = any(?::int[]) group by update_id`,
    [[...updateIds]],
  )) as { rows: (Progress & { updateId: number })[] };
  return new Map(rows.map(({ updateId, ...p }) => [updateId, p]));
}
