// Use-case, run hourly: requests not confirmed within the link's lifetime expire (their letters are
// cancelled with their texts, the sender's data erased); expired link tokens are deleted.
import { audit, SYSTEM_ACTOR } from '../admin/index.ts';
import type { LetterDeps } from './letter-deps.ts';
import { CONFIRM_LINK_DAYS, DAY_MS } from './letter-jobs.ts';

export async function applyLetterRetention(deps: Pick<LetterDeps, 'db' | 'clock'>): Promise<{ expired: number; tokensDeleted: number }> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - CONFIRM_LINK_DAYS * DAY_MS);
  return deps.db.transaction(async (trx) => {
    const expired = (await trx('letter_requests').where({ state: 'pending' }).andWhere('created_at', '<', before).update({ state: 'expired', email_enc: null, name_enc: null, erased_at: now }).returning('id')) as { id: string }[];
    const ids = expired.map((r) => r.id);
    if (ids.length > 0) {
      await trx('letter_fingerprints').whereIn('letter_id', trx('letters').select('id').whereIn('request_id', ids).andWhere({ state: 'pending' })).delete();
      await trx('letters').whereIn('request_id', ids).andWhere({ state: 'pending' }).update({ state: 'cancelled', subject_enc: null, body_enc: null });
    }
    const tokensDeleted = await trx('letter_tokens').where('expires_at', '<', now).delete();
    if (ids.length > 0) await audit(trx, { actor: SYSTEM_ACTOR, action: 'letter_requests.expired', subject: 'letter_requests', details: { expired: ids.length, tokensDeleted }, at: now });
    return { expired: ids.length, tokensDeleted };
  });
}
