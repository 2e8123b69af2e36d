// Keeps each petition's counts for at most one second per app instance, so page views and API calls
// read the counters at most once a second (the counts are fresh within two seconds).
import type { Queryable } from '../db/knex.ts';
import { readCounts, type CountSnapshot } from './counts.repo.ts';

export interface CountCache {
  get(petitionId: number): Promise<CountSnapshot>;
}

export function createCountCache(db: Queryable, ttlMs = 1000, now: () => number = Date.now): CountCache {
  const entries = new Map<number, { at: number; value: Promise<CountSnapshot> }>();
  return {
    get(petitionId) {
      const hit = entries.get(petitionId);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = readCounts(db, petitionId);
      entries.set(petitionId, { at: now(), value });
      value.catch(() => entries.delete(petitionId));
      return value;
    },
  };
}
