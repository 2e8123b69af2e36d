// Rate limits kept in PostgreSQL (rate-limiter-flexible), so every app instance shares them.
// Keys are already keyed hashes: no IP or address reaches this table.
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/knex.ts';

export interface Limit {
  /** Spends one point; false once the key has used up its points for the window. */
  take(key: string): Promise<boolean>;
}

export function createLimit(db: Db, name: string, points: number, durationSeconds: number): Limit {
  const limiter = new RateLimiterPostgres({ storeClient: db, storeType: 'knex', tableName: 'rate_limits', tableCreated: true, keyPrefix: name, points, duration: durationSeconds, clearExpiredByTimeout: false });
  return {
    async take(key) {
      try {
        await limiter.consume(key, 1);
        return true;
      } catch (result) {
        if (result instanceof RateLimiterRes) return false;
        throw result;
      }
    },
  };
}
