// Use-cases: invalidate or restore one signature, or hide its public name, with the moderator's reason.
// The change, the counters and the audit entry commit together. Doing it twice changes (and logs) once:
// the row is locked and re-read, and an entry is written only when something changed. A withdrawn or
// erased signature is neither invalidated nor restored (it is out of the counts for good).
import { audit } from '../admin/index.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import { changeValidity, findSignature, hideName, moveCounters } from './moderation.repo.ts';

export interface SignatureAction {
  readonly actor: string;
  readonly petitionId: number;
  readonly signatureId: string;
  readonly reason: string;
}

export type ActionResult = { kind: 'changed' } | { kind: 'unchanged' } | { kind: 'not-found' };

async function setValidity(deps: ModerationDeps, input: SignatureAction, to: 'valid' | 'invalidated'): Promise<ActionResult> {
  return deps.db.transaction(async (trx) => {
    if (!(await findSignature(trx, input.petitionId, input.signatureId))) return { kind: 'not-found' } as const;
    const changed = await changeValidity(trx, input.petitionId, to, { id: input.signatureId });
    if (changed.length === 0) return { kind: 'unchanged' } as const;
    await moveCounters(trx, input.petitionId, changed, to === 'valid' ? 1 : -1);
    await audit(trx, {
      actor: input.actor,
      action: to === 'valid' ? 'signature.restored' : 'signature.invalidated',
      subject: `signature:${input.signatureId}`,
      details: { petitionId: input.petitionId, count: 1, counted: changed[0]!.state === 'confirmed' },
      reason: input.reason,
      at: deps.clock.now(),
    });
    return { kind: 'changed' } as const;
  });
}

export const invalidateSignature = (deps: ModerationDeps, input: SignatureAction) => setValidity(deps, input, 'invalidated');
export const restoreSignature = (deps: ModerationDeps, input: SignatureAction) => setValidity(deps, input, 'valid');

/** Takes the signer's name off the public list of recent signers (the signature still counts). */
export async function hidePublicName(deps: ModerationDeps, input: SignatureAction): Promise<ActionResult> {
  return deps.db.transaction(async (trx) => {
    if (!(await findSignature(trx, input.petitionId, input.signatureId))) return { kind: 'not-found' } as const;
    if (!(await hideName(trx, input.petitionId, input.signatureId))) return { kind: 'unchanged' } as const;
    await audit(trx, { actor: input.actor, action: 'signature.name_hidden', subject: `signature:${input.signatureId}`, details: { petitionId: input.petitionId }, reason: input.reason, at: deps.clock.now() });
    return { kind: 'changed' } as const;
  });
}
