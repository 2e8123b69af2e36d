// Writes signatures by group commit (see lib/group-commit.ts): the signatures that arrive while others
// are being written are stored together, by one statement (signature-batch.repo.ts) that spends the
// rate-limit counters, inserts the rows with their flags and queues one confirmation job naming the new
// ones. Each signature still gets exactly what it would get alone: its flags, one row, and its email
// queued in the same transaction.
import type { Knex } from 'knex';
import { groupCommit, type GroupCommit } from '../lib/group-commit.ts';
import { takeAll } from '../web/rate-limits.ts';
import { EMAIL_ALREADY_SIGNED, EMAIL_CONFIRMATION, type SignatureJob } from './email-jobs.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { storeSignatureBatch, type BatchSignature } from './signature-batch.repo.ts';
import { findSignaturesByEmailHash } from './signature.repo.ts';

export type SignatureWriter = GroupCommit<BatchSignature, void>;

/** Most signatures one statement stores, and so one confirmation job names. */
export const SIGNATURES_PER_BATCH = 100;

type WriterDeps = Pick<PetitionDeps, 'db' | 'jobs' | 'limits' | 'clock' | 'logger'>;

/**
 * Up to 100 signatures per statement, one statement at a time: the next batch gathers while one is
 * written. (Measured on 2 cores: two statements at a time made smaller batches that contended for the
 * same index pages, and signed 20% fewer per second.)
 */
export function createSignatureWriter(deps: WriterDeps): SignatureWriter {
  return groupCommit((items) => writeSignatures(deps, items), { maxBatch: SIGNATURES_PER_BATCH, maxConcurrent: 1 });
}

async function writeSignatures(deps: WriterDeps, items: readonly BatchSignature[]): Promise<void[]> {
  await deps.jobs.prepare(EMAIL_CONFIRMATION);
  const now = deps.clock.now();
  const ids = await storeSignatureBatch(deps.db, items, {
    perIp: deps.limits.perIp,
    perDomain: deps.limits.perDomain,
    now,
    confirmationJob: (dataSql, fromSql) => deps.jobs.queuedJobSql(EMAIL_CONFIRMATION, dataSql, fromSql),
  });
  const repeats = items.filter((_, i) => ids[i] === undefined);
  if (repeats.length > 0) {
    // The batch is stored: a failure here must not fail it (its signatures would be retried as repeats).
    await deps.db.transaction((trx) => mailRepeats(deps, trx, repeats, now)).catch((error: unknown) => {
      deps.logger.error({ err: error, repeats: repeats.length }, 'could not queue the emails to addresses that had already signed');
    });
  }
  return items.map(() => undefined);
}

/**
 * Addresses that had signed: their owner gets the confirmation again (still pending) or an "already
 * signed" email, at most a few a day; the answer to the request is the same either way.
 */
async function mailRepeats(deps: WriterDeps, trx: Knex.Transaction, repeats: readonly BatchSignature[], now: Date): Promise<void> {
  const existing = (await findSignaturesByEmailHash(trx, repeats)).flatMap((ref, i) => (ref ? [{ ref, emailHash: repeats[i]!.emailHash }] : []));
  const allowed = await takeAll(trx, existing.map((e) => ({ limit: deps.limits.mailsPerAddress, key: e.emailHash.toString('base64url') })), now);
  const confirmations = new Set<string>();
  const alreadySigned = new Set<string>();
  existing.forEach(({ ref }, i) => {
    if (allowed[i]) (ref.state === 'pending' ? confirmations : alreadySigned).add(ref.id);
  });
  await deps.jobs.sendMany(
    [
      { queue: EMAIL_CONFIRMATION, ids: confirmations },
      { queue: EMAIL_ALREADY_SIGNED, ids: alreadySigned },
    ].flatMap(({ queue, ids }) => (ids.size > 0 ? [{ queue, data: { signatureIds: [...ids] } satisfies SignatureJob }] : [])),
    trx,
  );
}
