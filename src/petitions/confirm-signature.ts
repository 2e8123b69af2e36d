// Use-case: confirm a signature from its emailed link (POST only). Confirming twice counts once.
import { sha256 } from '../lib/crypto.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { confirmByToken } from './signature.repo.ts';

export type ConfirmResult = { kind: 'confirmed' | 'already'; slug: string } | { kind: 'invalid' };

export async function confirmSignature(deps: Pick<PetitionDeps, 'db' | 'clock'>, token: string): Promise<ConfirmResult> {
  const outcome = await confirmByToken(deps.db, sha256(token), deps.clock.now());
  if (!outcome || outcome.state === 'withdrawn') return { kind: 'invalid' };
  if (outcome.changed) return { kind: 'confirmed', slug: outcome.slug };
  return { kind: 'already', slug: outcome.slug };
}
