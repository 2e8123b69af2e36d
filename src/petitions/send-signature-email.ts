// Job handlers: the confirmation email and the "you have already signed" email. Personal data are
// loaded and decrypted at send time, so an erased signature gets no mail. Links are minted here and
// only their hashes stored. A permanent SMTP refusal ends the job; a temporary one is retried.
import { decrypt, randomToken, sha256 } from '../lib/crypto.ts';
import { MailError } from '../mail/mailer.ts';
import { renderEmail } from '../mail/render-email.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { findSignatureForEmail, insertTokens, recordDelivery } from './signature-email.repo.ts';

const DAY_MS = 24 * 3600 * 1000;
export const CONFIRM_LINK_DAYS = 7;
const WITHDRAW_LINK_DAYS = 3 * 365;

type Kind = 'confirmation' | 'already-signed';

export async function sendSignatureEmail(deps: PetitionDeps, kind: Kind, signatureId: string, jobId: string): Promise<void> {
  const messageId = `<signature-${signatureId}.${kind}.${jobId}@${new URL(deps.config.baseUrl).hostname}>`;
  const signature = await findSignatureForEmail(deps.db, signatureId, messageId);
  if (!signature?.emailEnc || !signature.nameEnc || !signature.title) return; // withdrawn and erased
  if (signature.delivered || (kind === 'confirmation' && signature.state !== 'pending')) return;

  const now = deps.clock.now().getTime();
  const links = { withdraw: randomToken(), confirm: kind === 'confirmation' ? randomToken() : undefined };
  await insertTokens(deps.db, signature.id, [
    { hash: sha256(links.withdraw), purpose: 'withdraw', expiresAt: new Date(now + WITHDRAW_LINK_DAYS * DAY_MS) },
    ...(links.confirm ? [{ hash: sha256(links.confirm), purpose: 'confirm' as const, expiresAt: new Date(now + CONFIRM_LINK_DAYS * DAY_MS) }] : []),
  ]);
  const base = `${deps.config.baseUrl}/${signature.lang}`;
  const key = deps.secrets.encryptionKey;
  const data = {
    name: decrypt(key, signature.nameEnc),
    petitionTitle: signature.title,
    petitionUrl: `${base}/petitions/${signature.slug}`,
    withdrawUrl: `${base}/withdraw/${links.withdraw}`,
    confirmUrl: links.confirm && `${base}/confirm/${links.confirm}`,
    resendUrl: `${base}/petitions/${signature.slug}/resend`,
    days: CONFIRM_LINK_DAYS,
  };
  const email =
    kind === 'confirmation'
      ? await renderEmail(deps.i18n, 'signature-confirmation', 'emails.confirmation.subject', signature.lang, data)
      : await renderEmail(deps.i18n, 'signature-already-signed', 'emails.alreadySigned.subject', signature.lang, data);
  try {
    await deps.mailer.send({ to: decrypt(key, signature.emailEnc), messageId, lang: signature.lang, ...email });
  } catch (error) {
    if (error instanceof MailError && error.permanent) {
      deps.logger.warn({ signatureId, kind, reason: error.message }, 'email refused permanently; not retrying');
      return;
    }
    throw error;
  }
  await recordDelivery(deps.db, messageId, `signature.${kind}`);
}
