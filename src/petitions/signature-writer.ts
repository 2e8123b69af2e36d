// Writes signatures by group commit (see lib/group-commit.ts): the signatures that arrive while others
// are being written are stored together, in one transaction of a few statements: the rate-limit
// counters, the signatures, the "already signed" lookups and the email jobs. Each signature still gets
// exactly what it would get alone: its flags, one row, and its email queued in the same transaction (in
// one job per queue that names every signature of the batch).
import type { Knex } from 'knex';
import type { OutgoingJob } from '../jobs/queue.ts';
import { groupCommit, type GroupCommit } from '../lib/group-commit.ts';
import { takeAll, type Take } from '../web/rate-limits.ts';
import { EMAIL_ALREADY_SIGNED, EMAIL_CONFIRMATION, type SignatureJob } from './email-jobs.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { findSignaturesByEmailHash, insertSignatures, type NewSignature } from './signature.repo.ts';

/** A signature ready to store: encrypted, hashed, with the flags known before any counter is read. */
export interface PreparedSignature {
  readonly signature: NewSignature;
  /** Key of the per-IP limit (a keyed hash of the IP), if the IP is known. */
  readonly ipKey: string | null;
  /** Key of the per-domain limit, unless the domain is a large provider. */
  readonly domainKey: string | null;
}

export type SignatureWriter = GroupCommit<PreparedSignature, void>;

type WriterDeps = Pick<PetitionDeps, 'db' | 'jobs' | 'limits' | 'clock'>;

/** Up to 100 signatures per transaction, two transactions at a time (of the pool's connections). */
export function createSignatureWriter(deps: WriterDeps): SignatureWriter {
  return groupCommit((items) => deps.db.transaction((trx) => writeSignatures(deps, trx, items)), { maxBatch: 100, maxConcurrent: 2 });
}

async function writeSignatures(deps: WriterDeps, trx: Knex.Transaction, items: readonly PreparedSignature[]): Promise<void[]> {
  const now = deps.clock.now();
  const takes: Take[] = [];
  const takers: { item: number; flag: string }[] = [];
  items.forEach((item, i) => {
    if (item.ipKey) {
      takes.push({ limit: deps.limits.perIp, key: item.ipKey });
      takers.push({ item: i, flag: 'rate_ip' });
    }
    if (item.domainKey) {
      takes.push({ limit: deps.limits.perDomain, key: item.domainKey });
      takers.push({ item: i, flag: 'rate_domain' });
    }
  });
  const flags = items.map((item) => [...item.signature.flags]);
  (await takeAll(trx, takes, now)).forEach((allowed, j) => {
    if (!allowed) flags[takers[j]!.item]!.push(takers[j]!.flag);
  });

  const ids = await insertSignatures(trx, items.map((item, i) => ({ ...item.signature, flags: flags[i]! })));
  // One job per email queue for the whole batch; a set, so an address sent twice in one batch gets one email.
  const confirmations = new Set<string>();
  const alreadySigned = new Set<string>();
  const repeats: NewSignature[] = [];
  ids.forEach((id, i) => (id ? confirmations.add(id) : repeats.push(items[i]!.signature)));

  // Addresses that had signed: their owner gets the confirmation again (still pending) or an
  // "already signed" email, at most a few a day, and the answer to the request is the same.
  if (repeats.length > 0) {
    const existing = (await findSignaturesByEmailHash(trx, repeats)).flatMap((ref, i) => (ref ? [{ ref, emailHash: repeats[i]!.emailHash }] : []));
    const allowed = await takeAll(trx, existing.map((e) => ({ limit: deps.limits.mailsPerAddress, key: e.emailHash.toString('base64url') })), now);
    existing.forEach(({ ref }, i) => {
      if (allowed[i]) (ref.state === 'pending' ? confirmations : alreadySigned).add(ref.id);
    });
  }
  const jobs = [
    { queue: EMAIL_CONFIRMATION, ids: confirmations },
    { queue: EMAIL_ALREADY_SIGNED, ids: alreadySigned },
  ].flatMap(({ queue, ids }): OutgoingJob[] => (ids.size > 0 ? [{ queue, data: { signatureIds: [...ids] } satisfies SignatureJob }] : []));
  await deps.jobs.sendMany(jobs, trx);
  return items.map(() => undefined);
}
