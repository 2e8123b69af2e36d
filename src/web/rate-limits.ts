// Rate limits kept in PostgreSQL, so every app instance shares them: a fixed window per key, counted
// with one upsert. It runs on the caller's transaction, so a signature and its limit commit together
// (rate-limiter-flexible, used at first, takes its own pool connection and commit: measured at two
// extra commits per signature). Keys are already keyed hashes: no IP or address reaches this table.
import type { Queryable } from '../db/knex.ts';

export interface Limit {
  readonly name: string;
  /** Points a key may spend per window. */
  readonly points: number;
  readonly durationSeconds: number;
  /** Spends one point; false once the key has used up its points for the current window. */
  take(db: Queryable, key: string, now: Date): Promise<boolean>;
}

export interface Take {
  readonly limit: Limit;
  readonly key: string;
}

/**
 * Spends one point per take, for a whole batch in one statement; true for each take still within its
 * limit, in order. Takes of the same key are counted in the order given. Rows are locked in key order,
 * so two batches sharing keys cannot deadlock.
 */
/** The row key of a limit's counter for one key (e.g. "sign-ip:…"). */
export const limitKey = (limit: Limit, key: string): string => `${limit.name}:${key}`;

/**
 * The upsert that spends points: `source` selects (key, points, expire) rows, in key order (so two
 * writers sharing keys lock them in the same order and cannot deadlock). A window that has expired
 * starts again. Returns (key, points spent in the current window, these included). Bindings after
 * source's: now (ms), twice. The n-th of a key's k takes in one statement saw (points − k + n) spent.
 */
export function spendPointsSql(source: string): string {
  return `insert into rate_limits (key, points, expire) ${source}
     on conflict (key) do update set
       points = case when rate_limits.expire <= ? then excluded.points else rate_limits.points + excluded.points end,
       expire = case when rate_limits.expire <= ? then excluded.expire else rate_limits.expire end
     returning key, points`;
}

/**
 * Spends one point per take, for a whole batch in one statement; true for each take still within its
 * limit, in order. Takes of the same key are counted in the order given.
 */
export async function takeAll(db: Queryable, takes: readonly Take[], now: Date): Promise<boolean[]> {
  if (takes.length === 0) return [];
  const nowMs = now.getTime();
  const perKey = new Map<string, { points: number; expire: number }>();
  const rowKeys = takes.map(({ limit, key }) => {
    const rowKey = limitKey(limit, key);
    const entry = perKey.get(rowKey);
    if (entry) entry.points += 1;
    else perKey.set(rowKey, { points: 1, expire: nowMs + limit.durationSeconds * 1000 });
    return rowKey;
  });
  const keys = [...perKey.keys()].sort();
  const result = (await db.raw(spendPointsSql('select * from unnest(?::text[], ?::int[], ?::bigint[])'), [
    keys,
    keys.map((k) => perKey.get(k)!.points),
    keys.map((k) => perKey.get(k)!.expire),
    nowMs,
    nowMs,
  ])) as { rows: { key: string; points: number }[] };
  const totals = new Map(result.rows.map((row) => [row.key, row.points]));
  const seen = new Map<string, number>();
  return takes.map(({ limit }, i) => {
    const rowKey = rowKeys[i]!;
    const nth = (seen.get(rowKey) ?? 0) + 1;
    seen.set(rowKey, nth);
    const spent = (totals.get(rowKey) ?? Number.POSITIVE_INFINITY) - perKey.get(rowKey)!.points + nth;
    return spent <= limit.points;
  });
}

/** Points spent on a key in its current window (0 when there is none or it has expired); spends nothing. */
export async function pointsSpent(db: Queryable, limit: Limit, key: string, now: Date): Promise<number> {
  const row = (await db('rate_limits').where({ key: limitKey(limit, key) }).first('points', 'expire')) as { points: number; expire: string | number | null } | undefined;
  if (!row || row.expire === null || Number(row.expire) <= now.getTime()) return 0;
  return row.points;
}

export function createLimit(name: string, points: number, durationSeconds: number): Limit {
  const limit: Limit = {
    name,
    points,
    durationSeconds,
    async take(db, key, now) {
      const [allowed] = await takeAll(db, [{ limit, key }], now);
      return allowed ?? false;
    },
  };
  return limit;
}
