// What a hearing report reads (knex only), all on one read-only snapshot (see build-report.ts). Counted
// means what the public API counts: confirmed and valid. A period filters on the UTC day of confirmation.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { LedgerGroup } from './ledger.ts';

export interface Period {
  /** First UTC day of confirmation included (YYYY-MM-DD), or null. */
  readonly from: string | null;
  /** Last UTC day included, or null. */
  readonly to: string | null;
}

/** The confirmation-time condition of a period on `s.confirmed_at`, with its bindings. */
function periodSql(period: Period): { sql: string; bindings: (string | null)[] } {
  return {
    sql: `and (?::date is null or s.confirmed_at >= (?::date)::timestamp at time zone 'UTC')
          and (?::date is null or s.confirmed_at < (?::date + 1)::timestamp at time zone 'UTC')`,
    bindings: [period.from, period.from, period.to, period.to],
  };
}

export interface CountedGroup extends LedgerGroup {
  readonly count: number;
  /** The latest confirmation in the group. */
  readonly last: Date;
}

/**
 * The counted signatures by (country, UTC day of confirmation), with their ids packed as 8-byte
 * big-endian integers (int8send): a million signatures arrive as a few thousand rows of 8 MB in all.
 */
export async function countedGroups(db: Queryable, petitionId: number, period: Period): Promise<CountedGroup[]> {
  const range = periodSql(period);
  const { rows } = (await db.raw(
    `select s.country, to_char((s.confirmed_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day,
            count(*)::int as count, max(s.confirmed_at) as last, string_agg(int8send(s.id), ''::bytea) as ids
       from signatures s
      where s.petition_id = ? and s.state = 'confirmed' and s.validity = 'valid' ${range.sql}
      group by 1, 2
      order by 1, 2`,
    [petitionId, ...range.bindings],
  )) as { rows: CountedGroup[] };
  return rows;
}

/** How many counted signatures carry each flag (a signature may carry several). */
export async function flagCounts(db: Queryable, petitionId: number, period: Period): Promise<{ flag: string; signatures: number }[]> {
  const range = periodSql(period);
  const { rows } = (await db.raw(
    `select f.flag, count(*)::int as signatures
       from signatures s cross join lateral unnest(s.flags) as f(flag)
      where s.petition_id = ? and s.state = 'confirmed' and s.validity = 'valid' ${range.sql}
      group by f.flag
      order by signatures desc, f.flag`,
    [petitionId, ...range.bindings],
  )) as { rows: { flag: string; signatures: number }[] };
  return rows;
}

export interface NotCounted {
  /** Confirmed in the period but invalidated by moderation. */
  readonly invalidated: number;
  /** Whole petition, at the snapshot: awaiting confirmation. */
  readonly pending: number;
  /** Whole petition: withdrawn by their signer or erased on request. */
  readonly withdrawn: number;
}

export async function notCounted(db: Queryable, petitionId: number, period: Period): Promise<NotCounted> {
  const range = periodSql(period);
  const { rows } = (await db.raw(
    `select count(*) filter (where s.state = 'confirmed' and s.validity = 'invalidated' ${range.sql})::int as invalidated,
            count(*) filter (where s.state = 'pending')::int as pending,
            count(*) filter (where s.state = 'withdrawn')::int as withdrawn
       from signatures s
      where s.petition_id = ?`,
    [...range.bindings, petitionId],
  )) as { rows: NotCounted[] };
  return rows[0]!;
}

/** The live counters' total (what GET /api/v1/petitions/{slug} shows). */
export async function countersTotal(db: Queryable, petitionId: number): Promise<number> {
  const row = (await db('signature_counts').where({ petition_id: petitionId }).first(db.raw('coalesce(sum(n), 0)::int as n'))) as { n: number } | undefined;
  return row?.n ?? 0;
}

export interface ModerationActions {
  readonly kind: 'invalidated' | 'restored';
  /** The moderators' reason (already redacted by audit()), or null. */
  readonly reason: string | null;
  readonly actions: number;
  readonly signatures: number;
}

/**
 * Invalidations and restores recorded in the audit log for this petition, by reason. The contract with
 * moderation: an action named `….invalidated` or `….restored`, `details.petitionId` the petition's id,
 * and for a change of several signatures `details.count` (or rows/changed/signatures) their number.
 */
export async function moderationActions(db: Queryable, petitionId: number): Promise<ModerationActions[]> {
  const { rows } = (await db.raw(
    `select case when a.action like '%.invalidated' then 'invalidated' else 'restored' end as kind, a.reason,
            count(*)::int as actions,
            sum(coalesce(
              case when jsonb_typeof(a.details->'count') = 'number' then (a.details->>'count')::int end,
              case when jsonb_typeof(a.details->'rows') = 'number' then (a.details->>'rows')::int end,
              case when jsonb_typeof(a.details->'changed') = 'number' then (a.details->>'changed')::int end,
              case when jsonb_typeof(a.details->'signatures') = 'number' then (a.details->>'signatures')::int end,
              1))::int as signatures
       from audit_log a
      where (a.action like '%.invalidated' or a.action like '%.restored') and a.details->>'petitionId' = ?::text
      group by 1, 2
      order by 1, signatures desc, 2`,
    [String(petitionId)],
  )) as { rows: ModerationActions[] };
  return rows;
}
