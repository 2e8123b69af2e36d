// Use-case: withdraw a signature from its emailed link (POST only): takes it out of every count and
// erases its personal data at once. The audit log keeps the signature id only.
import { sha256 } from '../lib/crypto.ts';
import { addToCount } from './counts.repo.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { eraseSignature, findSignatureByToken } from './signature.repo.ts';

export type WithdrawResult = { kind: 'withdrawn' } | { kind: 'invalid' };

export async function withdrawSignature(deps: Pick<PetitionDeps, 'db' | 'clock'>, token: string): Promise<WithdrawResult> {
  const now = deps.clock.now();
  const found = await findSignatureByToken(deps.db, sha256(token), 'withdraw', now);
  if (!found) return { kind: 'invalid' };
  return deps.db.transaction(async (trx) => {
    const row = (await trx('signatures').where({ id: found.id }).forUpdate().first('state', 'validity', 'petition_id', 'country', 'confirmed_at')) as
      | { state: string; validity: string; petition_id: number; country: string; confirmed_at: Date | null }
      | undefined;
    if (!row || row.state === 'withdrawn') return { kind: 'invalid' } as const;
    if (row.state === 'confirmed' && row.validity === 'valid' && row.confirmed_at) await addToCount(trx, row.petition_id, row.country, row.confirmed_at, -1);
    await eraseSignature(trx, found.id, now);
    await trx('audit_log').insert({ actor: 'signer', action: 'signature.withdrawn', subject: `signature:${found.id}`, at: now });
    return { kind: 'withdrawn' } as const;
  });
}
