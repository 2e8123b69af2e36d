// Job: hands the letters whose slot has come to the delivery queue, one job each. Any instance may run
// it (every minute, and right after a confirmation); rows are taken with SKIP LOCKED, so two instances
// never queue one letter twice.
import type { LetterDeps } from './letter-deps.ts';
import { LETTER_DELIVER, type LetterJob } from './letter-jobs.ts';

const BATCH = 200;

export async function dispatchDueLetters(deps: Pick<LetterDeps, 'db' | 'jobs' | 'clock'>): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const queued = await deps.db.transaction(async (trx) => {
      const due = (await trx.raw(
        `update letters set state = 'queued', queued_at = ?
          where id in (select id from letters where state = 'confirmed' and send_after <= ? order by send_after limit ? for update skip locked)
          returning id::text as id`,
        [now, now, BATCH],
      )) as { rows: { id: string }[] };
      await deps.jobs.sendMany(due.rows.map((r) => ({ queue: LETTER_DELIVER, data: { letterId: r.id } satisfies LetterJob })), trx);
      return due.rows.length;
    });
    total += queued;
    if (queued < BATCH) return total;
  }
}
