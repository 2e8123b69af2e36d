// Job: "did they answer?". Two weeks after the last of a request's letters was delivered, the sender
// gets one email in their language with, for each MEP, two links to pages with a POST button ("they
// replied" / "no reply yet"). Then the sender's name and address are erased. Requests are taken one at
// a time with SKIP LOCKED, so instances never send one twice; the Message-ID is recorded as well.
import { decrypt, randomToken, sha256 } from '../lib/crypto.ts';
import { MailError } from '../mail/mailer.ts';
import { renderEmail } from '../mail/render-email.ts';
import type { Lang } from '../i18n/languages.ts';
import { recordDelivery, wasDelivered } from './delivery.repo.ts';
import type { LetterDeps } from './letter-deps.ts';
import { ANSWER_LINK_DAYS, DAY_MS } from './letter-jobs.ts';
import { eraseRequest, insertToken } from './letters.repo.ts';

export async function sendDueFollowups(deps: LetterDeps, max = 200): Promise<number> {
  let sent = 0;
  while (sent < max && (await sendOneFollowup(deps))) sent += 1;
  return sent;
}

async function sendOneFollowup(deps: LetterDeps): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const request = (await trx('letter_requests')
      .where('followup_due_at', '<=', now)
      .whereNull('followup_sent_at')
      .whereNull('erased_at')
      .where({ followup: true })
      .orderBy('followup_due_at')
      .forNoKeyUpdate() // tokens and the delivery record are written outside this transaction (they must outlive a rollback)
      .skipLocked()
      .first(trx.raw('id::text as id'), 'lang', { nameEnc: 'name_enc' }, { emailEnc: 'email_enc' })) as { id: string; lang: Lang; nameEnc: Buffer | null; emailEnc: Buffer | null } | undefined;
    if (!request) return false;
    const host = new URL(deps.config.baseUrl).hostname;
    const messageId = `<letters-followup-${request.id}@${host}>`;
    const letters = (await trx('letters as l').join('meps as m', 'm.id', 'l.mep_id').where({ 'l.request_id': request.id, 'l.state': 'sent' }).orderBy('m.family_name').select(trx.raw('l.id::text as id'), { mepName: 'm.full_name' })) as { id: string; mepName: string }[];
    if (letters.length > 0 && request.emailEnc && request.nameEnc && !(await wasDelivered(deps.db, messageId))) {
      const base = `${deps.config.baseUrl}/${request.lang}/letters/answer`;
      const items = [];
      for (const letter of letters) {
        const token = randomToken();
        await insertToken(deps.db, { hash: sha256(token), requestId: request.id, letterId: letter.id, purpose: 'answer', expiresAt: new Date(now.getTime() + ANSWER_LINK_DAYS * DAY_MS) });
        items.push({ mepName: letter.mepName, repliedUrl: `${base}/${token}?reply=yes`, noReplyUrl: `${base}/${token}?reply=no` });
      }
      await deps.pace.turn();
      const key = deps.secrets.encryptionKey;
      const email = await renderEmail(deps.i18n, 'letters-followup', 'letters.email.followup.subject', request.lang, { name: decrypt(key, request.nameEnc), items, count: items.length });
      try {
        await deps.mailer.send({ to: decrypt(key, request.emailEnc), messageId, lang: request.lang, ...email });
        await recordDelivery(deps.db, messageId, 'letter_request.followup');
      } catch (error) {
        if (!(error instanceof MailError && error.permanent)) throw error; // the transaction is rolled back; the job retries
        deps.logger.warn({ requestId: request.id, reason: error.message }, 'follow-up refused permanently; not retrying');
      }
    }
    await trx('letter_requests').where({ id: request.id }).update({ followup_sent_at: now });
    await eraseRequest(trx, request.id, now);
    return true;
  });
}
