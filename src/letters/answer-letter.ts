// Use-cases behind the follow-up email's links: record "they replied" / "no reply yet" for one letter
// (an answer may be changed; each letter counts once), and stop the follow-up email altogether.
import { sha256 } from '../lib/crypto.ts';
import type { LetterDeps } from './letter-deps.ts';
import { addToCounts, eraseRequest, findByToken, hasOutstanding } from './letters.repo.ts';

export type Answer = 'replied' | 'no_reply';

export interface AnswerPage {
  readonly mepName: string;
  readonly answer: Answer | null;
}

export async function findAnswerPage(deps: Pick<LetterDeps, 'db' | 'clock'>, token: string): Promise<AnswerPage | undefined> {
  const holder = await findByToken(deps.db, sha256(token), 'answer', deps.clock.now());
  if (!holder?.letterId) return undefined;
  const row = (await deps.db('letters as l').join('meps as m', 'm.id', 'l.mep_id').where('l.id', holder.letterId).first({ mepName: 'm.full_name' }, 'l.answer')) as AnswerPage | undefined;
  return row;
}

export async function answerLetter(deps: Pick<LetterDeps, 'db' | 'clock'>, token: string, answer: Answer): Promise<AnswerPage | undefined> {
  const now = deps.clock.now();
  const holder = await findByToken(deps.db, sha256(token), 'answer', now);
  if (!holder?.letterId) return undefined;
  return deps.db.transaction(async (trx) => {
    const letter = (await trx('letters').where({ id: holder.letterId }).forUpdate().first('answer', 'campaign_id', 'mep_id', 'state')) as { answer: Answer | null; campaign_id: number; mep_id: number; state: string } | undefined;
    if (!letter || letter.state !== 'sent') return undefined;
    if (letter.answer !== answer) {
      await trx('letters').where({ id: holder.letterId }).update({ answer, answered_at: now });
      const delta = (a: Answer | null, by: number) => (a === 'replied' ? { replied: by } : a === 'no_reply' ? { noReply: by } : {});
      await addToCounts(trx, letter.campaign_id, letter.mep_id, { ...delta(letter.answer, -1), ...delta(answer, 1) });
    }
    const mep = (await trx('meps').where({ id: letter.mep_id }).first({ mepName: 'full_name' })) as { mepName: string };
    return { mepName: mep.mepName, answer };
  });
}

/** Stops the follow-up email of a request; erases the sender's data if nothing else needs them. */
export async function stopFollowup(deps: Pick<LetterDeps, 'db' | 'clock'>, token: string): Promise<boolean> {
  const now = deps.clock.now();
  const holder = await findByToken(deps.db, sha256(token), 'optout', now);
  if (!holder) return false;
  await deps.db.transaction(async (trx) => {
    await trx('letter_requests').where({ id: holder.requestId }).forUpdate().first('id');
    await trx('letter_requests').where({ id: holder.requestId }).update({ followup: false, followup_due_at: null });
    if (holder.state === 'confirmed' && !(await hasOutstanding(trx, holder.requestId))) await eraseRequest(trx, holder.requestId, now);
  });
  return true;
}
