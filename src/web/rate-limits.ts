// Rate limits kept in PostgreSQL, so every app instance shares them: a fixed window per key, counted
// with one upsert. It runs on the caller's transaction, so a signature and its limit commit together
// (rate-limiter-flexible, used at first, takes its own pool connection and commit: measured at two
// extra commits per signature). Keys are already keyed hashes: no IP or address reaches this table.
import type { Queryable } from '../db/knex.ts';

export interface Limit {
  /** Spends one point; false once the key has used up its points for the current window. */
  take(db: Queryable, key: string, now: Date): Promise<boolean>;
}

export function createLimit(name: string, points: number, durationSeconds: number): Limit {
  return {
    async take(db, key, now) {
      const nowMs = now.getTime();
      const result = (await db.raw(
        `insert into rate_limits (key, points, expire) values (?, 1, ?)
         on conflict (key) do update set
           points = case when rate_limits.expire <= ? then 1 else rate_limits.points + 1 end,
           expire = case when rate_limits.expire <= ? then excluded.expire else rate_limits.expire end
         returning points`,
        [`${name}:${key}`, nowMs + durationSeconds * 1000, nowMs, nowMs],
      )) as { rows: { points: number }[] };
      return (result.rows[0]?.points ?? 0) <= points;
    },
  };
}
