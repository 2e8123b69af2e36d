// Job handlers: the confirmation email and the "you have already signed" email. Personal data are
// loaded and decrypted at send time, so an erased signature gets no mail. Links are minted here and
// only their hashes stored. A permanent SMTP refusal ends the job; a temporary one is retried.
import type { Lang } from '../i18n/languages.ts';
import { decrypt, randomToken, sha256 } from '../lib/crypto.ts';
import { MailError } from '../mail/mailer.ts';
import { renderEmail } from '../mail/render-email.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { findPetitionById, findPetitionText } from './petition.repo.ts';
import { findSignature, insertToken, type SignatureRow } from './signature.repo.ts';

const DAY_MS = 24 * 3600 * 1000;
export const CONFIRM_LINK_DAYS = 7;
const WITHDRAW_LINK_DAYS = 3 * 365;

type Kind = 'confirmation' | 'already-signed';

async function mintLink(deps: PetitionDeps, signature: SignatureRow, purpose: 'confirm' | 'withdraw', days: number): Promise<string> {
  const token = randomToken();
  await insertToken(deps.db, signature.id, sha256(token), purpose, new Date(deps.clock.now().getTime() + days * DAY_MS));
  return `${deps.config.baseUrl}/${signature.lang}/${purpose}/${token}`;
}

async function alreadyDelivered(deps: PetitionDeps, messageId: string): Promise<boolean> {
  return (await deps.db('email_deliveries').where({ message_id: messageId }).first('message_id')) !== undefined;
}

export async function sendSignatureEmail(deps: PetitionDeps, kind: Kind, signatureId: string, jobId: string): Promise<void> {
  const signature = await findSignature(deps.db, signatureId);
  if (!signature?.emailEnc || !signature.nameEnc) return; // withdrawn and erased
  if (kind === 'confirmation' && signature.state !== 'pending') return;
  const messageId = `<signature-${signature.id}.${kind}.${jobId}@${new URL(deps.config.baseUrl).hostname}>`;
  if (await alreadyDelivered(deps, messageId)) return;
  const petition = await findPetitionById(deps.db, signature.petitionId);
  const text = petition && (await findPetitionText(deps.db, petition.id, signature.lang as Lang));
  if (!petition || !text) return;

  const key = deps.secrets.encryptionKey;
  const data = {
    name: decrypt(key, signature.nameEnc),
    petitionTitle: text.title,
    petitionUrl: `${deps.config.baseUrl}/${signature.lang}/petitions/${petition.slug}`,
    withdrawUrl: await mintLink(deps, signature, 'withdraw', WITHDRAW_LINK_DAYS),
    confirmUrl: kind === 'confirmation' ? await mintLink(deps, signature, 'confirm', CONFIRM_LINK_DAYS) : undefined,
    resendUrl: `${deps.config.baseUrl}/${signature.lang}/petitions/${petition.slug}/resend`,
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
  await deps.db('email_deliveries').insert({ message_id: messageId, kind: `signature.${kind}` }).onConflict('message_id').ignore();
}
