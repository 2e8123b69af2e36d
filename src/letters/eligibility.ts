// Whether a letter may go out through the platform: it needs a personal paragraph of at least
// MIN_PERSONAL_WORDS words that is not a near-copy of a letter already released to the same MEP
// (similarity.ts). Otherwise the sender is offered mailto, the copy and the PDF.
import type { Queryable } from '../db/knex.ts';
import { highestSimilarity } from './fingerprint.repo.ts';
import { isPersonalEnough, minhash, NEAR_COPY_THRESHOLD } from './similarity.ts';

export type Eligibility = 'ok' | 'no-personal' | 'too-short' | 'near-copy';

export async function platformEligibility(db: Queryable, mepIds: readonly number[], personal: string): Promise<Map<number, Eligibility>> {
  if (personal.trim() === '') return new Map(mepIds.map((id) => [id, 'no-personal']));
  if (!isPersonalEnough(personal)) return new Map(mepIds.map((id) => [id, 'too-short']));
  const highest = await highestSimilarity(db, mepIds, minhash(personal));
  return new Map(mepIds.map((id) => [id, (highest.get(id) ?? 0) >= NEAR_COPY_THRESHOLD ? 'near-copy' : 'ok']));
}
