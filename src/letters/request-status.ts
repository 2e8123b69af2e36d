// Use-case: what the emailed confirmation link's page shows: a button while the request waits for
// confirmation, then where each letter is (scheduled, delivered, or not sent and why).
import { sha256 } from '../lib/crypto.ts';
import type { LetterDeps } from './letter-deps.ts';
import { findByToken, type LetterState } from './letters.repo.ts';

export interface RequestStatus {
  readonly state: 'pending' | 'confirmed' | 'expired';
  readonly letters: { mepName: string; state: LetterState; refusal: string | null; sendAfter: Date | null; sentAt: Date | null }[];
}

export async function requestStatus(deps: Pick<LetterDeps, 'db' | 'clock'>, token: string): Promise<RequestStatus | undefined> {
  const holder = await findByToken(deps.db, sha256(token), 'confirm', deps.clock.now());
  if (!holder || holder.state === 'expired') return undefined;
  const letters = (await deps.db('letters as l')
    .join('meps as m', 'm.id', 'l.mep_id')
    .where('l.request_id', holder.requestId)
    .whereNot('l.state', 'cancelled')
    .orderBy('m.family_name')
    .select({ mepName: 'm.full_name' }, 'l.state', 'l.refusal', { sendAfter: 'l.send_after' }, { sentAt: 'l.sent_at' })) as RequestStatus['letters'];
  return { state: holder.state, letters };
}
