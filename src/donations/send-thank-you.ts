// Job handler: the thank-you email for a donation, in the donor's language, once. The address is read
// and decrypted here (an erased one gets nothing); the Message-ID is fixed per payment and each send is
// recorded, so a retried job does not send it again. A permanent SMTP refusal ends the job. These emails
// do not wait on the job thread's pace (jobs/web-load.ts): a donation is a person paying, a few a
// minute at the busiest, while the pace is there for the thousands of emails a signing spike makes.
import { decrypt, randomToken, sha256 } from '../lib/crypto.ts';
import { MailError } from '../mail/mailer.ts';
import { renderEmail } from '../mail/render-email.ts';
import type { DonationDeps } from './donation-deps.ts';
import type { ThankYouJob } from './donation-jobs.ts';
import { findPaymentForEmail, recordDelivery, wasDelivered } from './thank-you.repo.ts';
import { formatMoney } from './money.ts';
import { insertStopToken } from './stop.repo.ts';

export async function sendThankYou(deps: DonationDeps, job: ThankYouJob): Promise<void> {
  const payment = await findPaymentForEmail(deps.db, job.paymentId);
  if (!payment?.emailEnc) return;
  const messageId = `<donation-${payment.id}.thank-you@${new URL(deps.config.baseUrl).hostname}>`;
  if (await wasDelivered(deps.db, messageId)) return;
  const monthly = payment.kind === 'monthly' && payment.subscriptionId !== null;
  const base = `${deps.config.baseUrl}/${payment.lang}`;
  // Only the token's hash is kept; a retried job mints another, and every one minted stays valid.
  const stopToken = monthly ? randomToken() : undefined;
  if (stopToken) await insertStopToken(deps.db, sha256(stopToken), payment.subscriptionId!);
  const email = await renderEmail(deps.i18n, 'donation-thank-you', 'donations.email.subject', payment.lang, {
    amount: formatMoney(payment.lang, payment.currency, payment.amountMinor),
    monthly,
    campaignUrl: `${base}/`,
    stopUrl: stopToken ? `${base}/donate/stop/${stopToken}` : undefined,
  });
  try {
    await deps.mailer.send({ to: decrypt(deps.secrets.encryptionKey, payment.emailEnc), messageId, lang: payment.lang, ...email });
  } catch (error) {
    if (error instanceof MailError && error.permanent) {
      deps.logger.warn({ paymentId: payment.id, reason: error.message }, 'thank-you email refused permanently; not retrying');
      return;
    }
    throw error;
  }
  await recordDelivery(deps.db, messageId);
}
