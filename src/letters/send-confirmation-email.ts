// Job: the email that asks the sender to confirm their address before their letters go out, in the
// language they used. It names the MEPs the letters are for, and those this address had already
// written to (not sent again). Links are minted here; only their hashes are stored.
import { decrypt, randomToken, sha256 } from '../lib/crypto.ts';
import { MailError } from '../mail/mailer.ts';
import { renderEmail } from '../mail/render-email.ts';
import type { Lang } from '../i18n/languages.ts';
import { recordDelivery, wasDelivered } from './delivery.repo.ts';
import type { LetterDeps } from './letter-deps.ts';
import { CONFIRM_LINK_DAYS, DAY_MS } from './letter-jobs.ts';
import { insertToken } from './letters.repo.ts';

interface RequestRow {
  readonly state: string;
  readonly lang: Lang;
  readonly followup: boolean;
  readonly nameEnc: Buffer | null;
  readonly emailEnc: Buffer | null;
  readonly alreadyMeps: number[];
  readonly perMepHourly: number;
}

export async function sendConfirmationEmail(deps: LetterDeps, requestId: string): Promise<void> {
  const host = new URL(deps.config.baseUrl).hostname;
  const messageId = `<letters-confirm-${requestId}@${host}>`;
  const request = (await deps.db('letter_requests as r')
    .join('letter_campaigns as c', 'c.id', 'r.campaign_id')
    .where('r.id', requestId)
    .first('r.state', 'r.lang', 'r.followup', { nameEnc: 'r.name_enc' }, { emailEnc: 'r.email_enc' }, { alreadyMeps: 'r.already_meps' }, { perMepHourly: 'c.per_mep_hourly' })) as RequestRow | undefined;
  if (!request || request.state !== 'pending' || !request.emailEnc || !request.nameEnc) return;
  if (await wasDelivered(deps.db, messageId)) return;
  const names = async (query: ReturnType<LetterDeps['db']>) => ((await query.select('m.full_name')) as { full_name: string }[]).map((r) => r.full_name);
  const meps = await names(deps.db('letters as l').join('meps as m', 'm.id', 'l.mep_id').where({ 'l.request_id': requestId, 'l.state': 'pending' }).orderBy('m.family_name'));
  const already = request.alreadyMeps.length > 0 ? await names(deps.db('meps as m').whereIn('m.id', request.alreadyMeps).orderBy('m.family_name')) : [];
  if (meps.length === 0 && already.length === 0) return; // a newer request from this address replaced it; its email says all
  const confirm = randomToken();
  const optout = randomToken();
  const now = deps.clock.now().getTime();
  await insertToken(deps.db, { hash: sha256(confirm), requestId, purpose: 'confirm', expiresAt: new Date(now + CONFIRM_LINK_DAYS * DAY_MS) });
  if (request.followup) await insertToken(deps.db, { hash: sha256(optout), requestId, purpose: 'optout', expiresAt: new Date(now + 120 * DAY_MS) });
  const base = `${deps.config.baseUrl}/${request.lang}/letters`;
  await deps.pace.turn();
  const key = deps.secrets.encryptionKey;
  const email = await renderEmail(deps.i18n, 'letters-confirmation', 'letters.email.confirmation.subject', request.lang, {
    name: decrypt(key, request.nameEnc),
    meps,
    already,
    confirmUrl: `${base}/confirm/${confirm}`,
    optoutUrl: request.followup ? `${base}/no-followup/${optout}` : undefined,
    days: CONFIRM_LINK_DAYS,
    perHour: request.perMepHourly,
  });
  try {
    await deps.mailer.send({ to: decrypt(key, request.emailEnc), messageId, lang: request.lang, ...email });
  } catch (error) {
    if (error instanceof MailError && error.permanent) {
      deps.logger.warn({ requestId, reason: error.message }, 'letters confirmation refused permanently; not retrying');
      return;
    }
    throw error;
  }
  await recordDelivery(deps.db, messageId, 'letter_request.confirmation');
}
