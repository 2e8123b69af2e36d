// Use-case: confirm a signature from its emailed link (POST only). Confirming twice counts once.
import { sha256 } from '../lib/crypto.ts';
import { addToCount } from './counts.repo.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { findSignatureByToken, markConfirmed } from './signature.repo.ts';

export type ConfirmResult = { kind: 'confirmed' | 'already'; slug: string } | { kind: 'invalid' };

export async function confirmSignature(deps: Pick<PetitionDeps, 'db' | 'clock'>, token: string): Promise<ConfirmResult> {
  const now = deps.clock.now();
  const signature = await findSignatureByToken(deps.db, sha256(token), 'confirm', now);
  if (!signature || signature.state === 'withdrawn') return { kind: 'invalid' };
  if (signature.state === 'confirmed') return { kind: 'already', slug: signature.slug };
  const changed = await deps.db.transaction(async (trx) => {
    const confirmed = await markConfirmed(trx, signature.id, now);
    if (confirmed) await addToCount(trx, confirmed.petitionId, confirmed.country, now, 1);
    return confirmed !== undefined;
  });
  return { kind: changed ? 'confirmed' : 'already', slug: signature.slug };
}
