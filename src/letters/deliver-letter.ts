// Job: delivers one letter to its MEP, From "Name via Dauys" at the platform's address (the sender's
// own domain would fail DMARC), Reply-To the sender (confirmed by double opt-in), in the letter's
// language. The message is recorded as delivered the moment SMTP accepts it; the letter's text is then
// deleted and the MEP's count raised. When the request's last letter is out, the follow-up is
// scheduled, or the sender's data erased if they wanted none. A permanent refusal ends the letter.
import { decrypt } from '../lib/crypto.ts';
import { MailError } from '../mail/mailer.ts';
import { renderEmail } from '../mail/render-email.ts';
import { recordDelivery } from './delivery.repo.ts';
import type { LetterDeps } from './letter-deps.ts';
import { DAY_MS, FOLLOWUP_DAYS } from './letter-jobs.ts';
import { addToCounts, eraseRequest, hasOutstanding } from './letters.repo.ts';
import { paragraphsOf } from './letter-template.ts';
import type { Lang } from '../i18n/languages.ts';

interface DeliveryRow {
  readonly id: string;
  readonly state: string;
  readonly lang: Lang;
  readonly campaignId: number;
  readonly mepId: number;
  readonly requestId: string;
  readonly subjectEnc: Buffer | null;
  readonly bodyEnc: Buffer | null;
  readonly nameEnc: Buffer | null;
  readonly emailEnc: Buffer | null;
  readonly mepEmail: string | null;
  readonly mepActive: boolean;
  readonly delivered: boolean;
}

/** The display name of MAIL_FROM ("Dauys <no-reply@…>" → "Dauys"). */
export const platformName = (mailFrom: string): string => /^\s*"?([^"<]+?)"?\s*</.exec(mailFrom)?.[1] ?? 'Dauys';

export async function deliverLetter(deps: LetterDeps, letterId: string): Promise<void> {
  const host = new URL(deps.config.baseUrl).hostname;
  const messageId = `<letter-${letterId}@${host}>`;
  const row = (await deps.db('letters as l')
    .join('letter_requests as r', 'r.id', 'l.request_id')
    .join('meps as m', 'm.id', 'l.mep_id')
    .where('l.id', letterId)
    .first(
      deps.db.raw('l.id::text as id'),
      'l.state',
      'l.lang',
      { campaignId: 'l.campaign_id' },
      { mepId: 'l.mep_id' },
      deps.db.raw('l.request_id::text as "requestId"'),
      { subjectEnc: 'l.subject_enc' },
      { bodyEnc: 'l.body_enc' },
      { nameEnc: 'r.name_enc' },
      { emailEnc: 'r.email_enc' },
      { mepEmail: 'm.email' },
      { mepActive: 'm.active' },
      deps.db.raw('exists (select 1 from email_deliveries d where d.message_id = ?) as delivered', [messageId]),
    )) as DeliveryRow | undefined;
  if (!row || row.state !== 'queued') return; // delivered already, or cancelled
  let outcome: 'sent' | 'failed' = 'sent';
  if (!row.delivered) {
    // Letters go only to sitting MEPs: one who left since the letter was confirmed does not get it.
    if (!row.subjectEnc || !row.bodyEnc || !row.nameEnc || !row.emailEnc || !row.mepEmail || !row.mepActive) outcome = 'failed';
    else {
      try {
        await send(deps, row, messageId);
      } catch (error) {
        if (!(error instanceof MailError && error.permanent)) throw error; // retried with backoff
        deps.logger.warn({ letterId, reason: error.message }, 'letter refused permanently by the mail server; not retrying');
        outcome = 'failed';
      }
    }
  }
  await finish(deps, row, outcome);
}

async function send(deps: LetterDeps, row: DeliveryRow, messageId: string): Promise<void> {
  await deps.pace.turn();
  const key = deps.secrets.encryptionKey;
  const name = decrypt(key, row.nameEnc!);
  const subject = decrypt(key, row.subjectEnc!);
  const body = decrypt(key, row.bodyEnc!);
  const email = await renderEmail(deps.i18n, 'letter-to-mep', 'letters.email.letterSubject', row.lang, { subject, paragraphs: paragraphsOf(body), body, name, siteUrl: deps.config.baseUrl });
  await deps.mailer.send({ to: row.mepEmail!, messageId, lang: row.lang, ...email, replyTo: decrypt(key, row.emailEnc!), fromName: `${name} via ${platformName(deps.config.mailFrom)}` });
  await recordDelivery(deps.db, messageId, 'letter.to-mep');
}

async function finish(deps: LetterDeps, row: DeliveryRow, outcome: 'sent' | 'failed'): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const changed = await trx('letters').where({ id: row.id, state: 'queued' }).update({ state: outcome, sent_at: outcome === 'sent' ? now : null, subject_enc: null, body_enc: null });
    if (changed === 0) return;
    if (outcome === 'sent') await addToCounts(trx, row.campaignId, row.mepId, { sent: 1 });
    const request = (await trx('letter_requests').where({ id: row.requestId }).forUpdate().first('followup')) as { followup: boolean };
    if (await hasOutstanding(trx, row.requestId)) return;
    const anySent = (await trx('letters').where({ request_id: row.requestId, state: 'sent' }).first('id')) !== undefined;
    if (request.followup && anySent) await trx('letter_requests').where({ id: row.requestId }).update({ followup_due_at: new Date(now.getTime() + FOLLOWUP_DAYS * DAY_MS) });
    else await eraseRequest(trx, row.requestId, now);
  });
}
