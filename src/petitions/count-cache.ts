// Keeps each petition's counts for at most one second per app instance, so page views and API calls
// read the counters at most once a second (the counts are fresh within two seconds).
import type { Queryable } from '../db/knex.ts';
import { ttlCache, type TtlCache } from '../lib/ttl-cache.ts';
import { readCounts, type CountSnapshot } from './counts.repo.ts';

export type CountCache = TtlCache<number, CountSnapshot>;

export function createCountCache(db: Queryable, ttlMs = 1000): CountCache {
  return ttlCache(ttlMs, (petitionId) => readCounts(db, petitionId));
}
