// Confirmed-signature counters. Design: each confirmation adds +1 (each withdrawal −1) to one of
// SHARDS rows for its (petition, country, day), chosen at random, in the same transaction as the state
// change. Concurrent confirmations therefore rarely touch the same row (no single hot row, no lost
// updates: each is an atomic upsert), and a read sums a few hundred small rows instead of running
// COUNT(*) over the signatures. The reader caches the sums for one second (see count-cache.ts).
import type { Queryable } from '../db/knex.ts';

export const SHARDS = 16;

export const randomShard = (): number => Math.floor(Math.random() * SHARDS);

/**
 * SQL that adds, to one shard, `n` for every (petition_id, country, n) row of `source` (a CTE name or a
 * parenthesised subquery with an alias). Its bindings: day, shard, then any in `source`.
 */
export const countUpsertSql = (source: string): string =>
  `insert into signature_counts (petition_id, country, day, shard, n, updated_at)
   select petition_id, country, (?::timestamptz at time zone 'UTC')::date, ?::int, n, now() from ${source}
   on conflict (petition_id, country, day, shard)
   do update set n = signature_counts.n + excluded.n, updated_at = now()`;

export async function addToCount(db: Queryable, petitionId: number, country: string, day: Date, delta: 1 | -1): Promise<void> {
  await db.raw(countUpsertSql('(select ?::int as petition_id, ?::text as country, ?::int as n) as one'), [day.toISOString(), randomShard(), petitionId, country, delta]);
}

export interface CountSnapshot {
  readonly total: number;
  readonly byCountry: Record<string, number>;
  readonly byDay: Record<string, number>;
  readonly updatedAt: Date | null;
}

export async function readCounts(db: Queryable, petitionId: number): Promise<CountSnapshot> {
  const rows = (await db('signature_counts')
    .where({ petition_id: petitionId })
    .groupBy('country', 'day')
    .select('country', db.raw("to_char(day, 'YYYY-MM-DD') as day"), db.raw('sum(n)::int as n'), db.raw('max(updated_at) as updated_at'))) as { country: string; day: string; n: number; updated_at: Date }[];
  const byCountry: Record<string, number> = {};
  const byDay: Record<string, number> = {};
  let total = 0;
  let updatedAt: Date | null = null;
  for (const row of rows) {
    if (row.n === 0) continue;
    total += row.n;
    byCountry[row.country] = (byCountry[row.country] ?? 0) + row.n;
    byDay[row.day] = (byDay[row.day] ?? 0) + row.n;
    if (!updatedAt || row.updated_at > updatedAt) updatedAt = row.updated_at;
  }
  return { total, byCountry: sortByKey(byCountry), byDay: sortByKey(byDay), updatedAt };
}

function sortByKey(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

export interface PetitionTotal {
  readonly slug: string;
  /** The confirmed count as shown (the sum of its counters). */
  readonly counted: number;
  /** Its signatures in the confirmed state (the rows the counters must match). */
  readonly confirmed: number;
}

/** Every petition's shown count beside its confirmed rows: for operators' checks (db:copy, restore tests). */
export async function readPetitionTotals(db: Queryable): Promise<PetitionTotal[]> {
  return (await db('petitions as p')
    .select('p.slug', db.raw('(select coalesce(sum(n), 0)::int from signature_counts c where c.petition_id = p.id) as counted'), db.raw("(select count(*)::int from signatures s where s.petition_id = p.id and s.state = 'confirmed') as confirmed"))
    .orderBy('p.slug')) as PetitionTotal[];
}
