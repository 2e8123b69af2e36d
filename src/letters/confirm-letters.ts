// Use-case: the sender confirms their address (POST from the emailed link). In one transaction the
// request's letters are released: each MEP's schedule row is locked (pace.repo.ts), each personal
// paragraph is checked once more against the letters released to that MEP meanwhile (a near-copy is
// refused), and every other letter takes that MEP's next slot. A dispatch job is queued at once.
// Confirming twice changes nothing.
import { audit } from '../admin/index.ts';
import { sha256 } from '../lib/crypto.ts';
import type { LetterDeps } from './letter-deps.ts';
import { dropFingerprints, highestSimilarity } from './fingerprint.repo.ts';
import { LETTERS_DISPATCH } from './letter-jobs.ts';
import { eraseRequest, findByToken } from './letters.repo.ts';
import { lockPace, takeSlots } from './pace.repo.ts';
import { NEAR_COPY_THRESHOLD } from './similarity.ts';

export type ConfirmResult = { kind: 'confirmed' | 'already'; requestId: string } | { kind: 'invalid' };

export async function confirmLetters(deps: LetterDeps, token: string): Promise<ConfirmResult> {
  const now = deps.clock.now();
  const holder = await findByToken(deps.db, sha256(token), 'confirm', now);
  if (!holder) return { kind: 'invalid' };
  return deps.db.transaction(async (trx) => {
    const request = (await trx('letter_requests').where({ id: holder.requestId }).forUpdate().first('state', 'campaign_id')) as { state: string; campaign_id: number } | undefined;
    if (!request || request.state === 'expired') return { kind: 'invalid' } as const;
    if (request.state === 'confirmed') return { kind: 'already', requestId: holder.requestId } as const;
    const campaign = (await trx('letter_campaigns').where({ id: request.campaign_id }).first('per_mep_hourly', 'status')) as { per_mep_hourly: number; status: string };
    const pending = (await trx('letters as l')
      .leftJoin('letter_fingerprints as f', 'f.letter_id', 'l.id')
      .where({ 'l.request_id': holder.requestId, 'l.state': 'pending' })
      .select(trx.raw('l.id::text as id'), { mepId: 'l.mep_id' }, 'f.minhash')) as { id: string; mepId: number; minhash: number[] | null }[];
    const locked = await lockPace(trx, pending.map((l) => l.mepId), now);
    const refused: string[] = [];
    for (const letter of pending) {
      if (!letter.minhash) continue;
      const highest = await highestSimilarity(trx, [letter.mepId], letter.minhash, [letter.id]);
      if ((highest.get(letter.mepId) ?? 0) >= NEAR_COPY_THRESHOLD) refused.push(letter.id);
    }
    const released = campaign.status === 'open' ? pending.filter((l) => !refused.includes(l.id)) : [];
    const closed = campaign.status === 'open' ? [] : pending.map((l) => l.id);
    const slots = await takeSlots(trx, locked, released.map((l) => l.mepId), now, campaign.per_mep_hourly);
    for (const letter of released) await trx('letters').where({ id: letter.id }).update({ state: 'confirmed', send_after: slots.get(letter.mepId) });
    await dropFingerprints(trx, [...refused, ...closed]);
    if (refused.length > 0) await trx('letters').whereIn('id', refused).update({ state: 'refused', refusal: 'near_copy', subject_enc: null, body_enc: null });
    if (closed.length > 0) await trx('letters').whereIn('id', closed).update({ state: 'refused', refusal: 'closed', subject_enc: null, body_enc: null });
    await trx('letter_requests').where({ id: holder.requestId }).update({ state: 'confirmed', confirmed_at: now });
    if (released.length === 0) await eraseRequest(trx, holder.requestId, now);
    else await deps.jobs.send(LETTERS_DISPATCH, {}, trx);
    await audit(trx, { actor: 'sender', action: 'letter_request.confirmed', subject: `letter_request:${holder.requestId}`, details: { released: released.length, refused: refused.length, closed: closed.length }, at: now });
    return { kind: 'confirmed', requestId: holder.requestId } as const;
  });
}
