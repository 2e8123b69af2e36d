// Whether a letter may go out through the platform: it needs a personal paragraph of at least
// MIN_PERSONAL_WORDS words that is not a near-copy of a letter already released to the same MEP
// (similarity.ts). Otherwise the sender is offered mailto, the copy and the PDF.
//
// The lookup of near-copies is grouped (lib/group-commit.ts): requests that ask while an earlier
// lookup is in flight are answered by one statement together. Alone, a request asks at once. Measured
// on the drafts page (npm run bench:cpu -- drafts): one statement a request cost ~0.23 ms of the main
// thread (knex, pg) and ~0.2 ms of PostgreSQL, a third of the page's CPU at 50 connections.
import type { Queryable } from '../db/knex.ts';
import { groupCommit } from '../lib/group-commit.ts';
import { highestSimilarities, type SimilarityAsk } from './fingerprint.repo.ts';
import { isPersonalEnough, minhash, NEAR_COPY_THRESHOLD } from './similarity.ts';

export type Eligibility = 'ok' | 'no-personal' | 'too-short' | 'near-copy';

/** Each chosen MEP's eligibility for platform sending of `personal`. */
export type EligibilityCheck = (mepIds: readonly number[], personal: string) => Promise<Map<number, Eligibility>>;

/** Most requests answered by one statement, and statements in flight at once (each holds a connection). */
const MAX_GROUP = 64;
const MAX_CONCURRENT = 2;

export function createEligibilityCheck(db: Queryable): EligibilityCheck {
  const lookups = groupCommit<SimilarityAsk, Map<number, number>>((asks) => highestSimilarities(db, asks), { maxBatch: MAX_GROUP, maxConcurrent: MAX_CONCURRENT });
  return async (mepIds, personal) => {
    if (personal.trim() === '') return new Map(mepIds.map((id) => [id, 'no-personal']));
    if (!isPersonalEnough(personal)) return new Map(mepIds.map((id) => [id, 'too-short']));
    const highest = await lookups.submit({ mepIds, signature: minhash(personal) });
    return new Map(mepIds.map((id) => [id, (highest.get(id) ?? 0) >= NEAR_COPY_THRESHOLD ? 'near-copy' : 'ok']));
  };
}
