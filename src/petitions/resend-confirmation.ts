// Use-case: send the confirmation email again (the link expired or never arrived). Same answer whatever
// the address; only a pending signature of that address gets a new email, at most a few a day.
import { hmac } from '../lib/crypto.ts';
import { canonicalEmail } from './email-canonical.ts';
import { EMAIL_CONFIRMATION, type SignatureJob } from './email-jobs.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { findPetition } from './petition.repo.ts';
import { findSignatureByEmailHash } from './signature.repo.ts';

export async function resendConfirmation(deps: PetitionDeps, input: { slug: string; email: string }): Promise<void> {
  const canonical = canonicalEmail(input.email);
  const petition = await findPetition(deps.db, input.slug);
  if (!canonical || !petition) return;
  const emailHash = hmac(deps.secrets.lookupKey, canonical);
  await deps.db.transaction(async (trx) => {
    const signature = await findSignatureByEmailHash(trx, petition.id, emailHash);
    if (signature?.state !== 'pending') return;
    if (!(await deps.limits.mailsPerAddress.take(trx, emailHash.toString('base64url'), deps.clock.now()))) return;
    await deps.jobs.send(EMAIL_CONFIRMATION, { signatureIds: [signature.id] } satisfies SignatureJob, trx);
  });
}
