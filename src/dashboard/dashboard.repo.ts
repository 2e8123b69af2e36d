// What the dashboard reads (knex only), none of it a pass over a petition's signatures: counted signatures
// by confirmation day and country from the sharded counters, signatures made per day from theirs (both a
// few hundred small rows, whatever the petition's size), and the pending, withdrawn and invalidated
// totals from partial indexes over those small sets.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';

/** Signatures made per UTC day (counted when stored; see the signature_created_counts migration). */
export async function createdPerDay(db: Queryable, petitionId: number): Promise<Map<string, number>> {
  const { rows } = (await db.raw(
    `select to_char(day, 'YYYY-MM-DD') as day, sum(n)::int as n from signature_created_counts where petition_id = ? group by day order by day`,
    [petitionId],
  )) as { rows: { day: string; n: number }[] };
  return new Map(rows.map((r) => [r.day, r.n]));
}

export interface StateTotals {
  /** Awaiting confirmation and valid (unconfirmed ones are deleted after 30 days: a bounded set). */
  readonly pending: number;
  readonly withdrawn: number;
  /** Invalidated by moderation (and not withdrawn). */
  readonly invalidated: number;
}

/** Each from a partial index over a small set (signatures_pending_created, …_withdrawn, …_invalidated). */
export async function stateTotals(db: Queryable, petitionId: number): Promise<StateTotals> {
  const { rows } = (await db.raw(
    `select (select count(*) from signatures where state = 'pending' and petition_id = ? and validity = 'valid')::int as pending,
            (select count(*) from signatures where state = 'withdrawn' and petition_id = ?)::int as withdrawn,
            (select count(*) from signatures where validity = 'invalidated' and state <> 'withdrawn' and petition_id = ?)::int as invalidated`,
    [petitionId, petitionId, petitionId],
  )) as { rows: StateTotals[] };
  return rows[0]!;
}

/** Counted signatures by UTC day of confirmation and by country (the counters). */
export async function countedCells(db: Queryable, petitionId: number): Promise<{ day: string; country: string; n: number }[]> {
  const { rows } = (await db.raw(
    `select to_char(day, 'YYYY-MM-DD') as day, country, sum(n)::int as n
       from signature_counts
      where petition_id = ?
      group by day, country
     having sum(n) <> 0
      order by day, country`,
    [petitionId],
  )) as { rows: { day: string; country: string; n: number }[] };
  return rows;
}

export async function setShowMemberStates(db: Queryable, petitionId: number, show: boolean): Promise<boolean> {
  return (await db('petitions').where({ id: petitionId }).whereNot({ show_member_states: show }).update({ show_member_states: show })) > 0;
}
