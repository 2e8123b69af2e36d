// Job: an update's sending starts. In one transaction: the ledger (one row per recipient, in its
// language or English or none, per the organiser's choice), the number of recipients, and one send job
// per part of the ledger. Run twice (a retried job), the second run finds the update no longer queued.
import { UPDATE_SEND, RECIPIENTS_PER_JOB } from './update-jobs.ts';
import { chunksSql, writeLedger } from './recipients.repo.ts';
import type { SupporterDeps } from './supporter-deps.ts';
import { findUpdate, markSending, markSentIfDone } from './updates.repo.ts';

export async function startUpdate(deps: SupporterDeps, updateId: number): Promise<void> {
  await deps.jobs.prepare(UPDATE_SEND);
  await deps.bulkDb.transaction(async (trx) => {
    const update = await findUpdate(trx, updateId, { forUpdate: true });
    if (!update || update.status !== 'queued') return;
    const languages = update.texts.map((t) => t.lang);
    const englishForOthers = update.fallback === 'english' && languages.includes('en');
    const total = await writeLedger(trx, updateId, languages, englishForOthers);
    await markSending(trx, updateId, total);
    const id = Math.trunc(update.id); // an integer: safe inside the job data's SQL
    const { sql, bindings } = deps.jobs.queuedJobSql(UPDATE_SEND, `jsonb_build_object('updateId', ${id}, 'from', c.lo, 'to', c.hi)`, 'from chunks c');
    await trx.raw(`with chunks as (${chunksSql(RECIPIENTS_PER_JOB)}) ${sql}`, [updateId, ...bindings]);
    if (total === 0) await markSentIfDone(trx, updateId, deps.clock.now());
  });
}
