// Job: deletes reports whose last message (either way) is older than the organisers' retention period,
// unless marked to keep, with their files; finishes or removes parts a crash left half-written; deletes
// the caps' counters whose window has ended. Only counts are logged.
import fs from 'node:fs';
import { deleteEndedWindows } from './caps.ts';
import { dayOf } from './day.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { deleteReports, expiredReports, storedNameExists } from './reports.repo.ts';
import { retentionDays } from './settings.repo.ts';

/** A partial file older than this belongs to no request still running. */
const STALE_PARTIAL_MS = 6 * 3600 * 1000;

export interface ExpiryReport {
  readonly reports: number;
  readonly files: number;
  readonly partialsFinished: number;
  readonly partialsRemoved: number;
  readonly counters: number;
}

export async function expireReports(deps: EvidenceDeps): Promise<ExpiryReport> {
  const now = deps.clock.now();
  const days = await retentionDays(deps.db);
  const expired = await expiredReports(deps.db, dayOf(now), days);
  const reports = await deleteReports(deps.db, expired.map((r) => r.id));
  const names = expired.flatMap((r) => r.names);
  await deps.store.discard(names);

  let partialsFinished = 0;
  let partialsRemoved = 0;
  for (const name of await deps.store.stalePartials(STALE_PARTIAL_MS, now)) {
    if (await storedNameExists(deps.db, name)) {
      await fs.promises.rename(deps.store.partialPath(name), deps.store.finalPath(name)); // its row was committed before a crash
      partialsFinished += 1;
    } else {
      await deps.store.discard([name]);
      partialsRemoved += 1;
    }
  }
  const counters = await deleteEndedWindows(deps, now);
  return { reports, files: names.length, partialsFinished, partialsRemoved, counters };
}
