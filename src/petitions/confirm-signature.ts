// Use-case: confirm a signature from its emailed link (POST only). Confirming twice counts once.
// Confirmations that arrive together are written together (group commit, see lib/group-commit.ts).
import type { Db } from '../db/knex.ts';
import type { Clock } from '../container.ts';
import { groupCommit, type GroupCommit } from '../lib/group-commit.ts';
import { sha256 } from '../lib/crypto.ts';
import { countSignatureConfirmed } from '../lib/metrics.ts';
import { confirmByTokens, type ConfirmOutcome } from './signature.repo.ts';

export type ConfirmResult = { kind: 'confirmed' | 'already'; slug: string } | { kind: 'invalid' };

export type ConfirmWriter = GroupCommit<Buffer, ConfirmOutcome>;

/** Up to 100 confirmations per statement, one statement at a time (as signing: see signature-writer.ts). */
export function createConfirmWriter(deps: { db: Db; clock: Clock }): ConfirmWriter {
  return groupCommit((tokenHashes) => confirmByTokens(deps.db, tokenHashes, deps.clock.now()), { maxBatch: 100, maxConcurrent: 1 });
}

export async function confirmSignature(deps: { confirmWriter: ConfirmWriter }, token: string): Promise<ConfirmResult> {
  const outcome = await deps.confirmWriter.submit(sha256(token));
  if (!outcome || outcome.state === 'withdrawn') return { kind: 'invalid' };
  if (outcome.changed) {
    countSignatureConfirmed(outcome.slug);
    return { kind: 'confirmed', slug: outcome.slug };
  }
  return { kind: 'already', slug: outcome.slug };
}
