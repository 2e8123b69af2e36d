// The job thread's entry module: every capability's workers (capabilities.ts), run by jobs/worker-thread.ts.
// Imported in the main thread it only names itself.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Logger } from './log.ts';
import { maxEmailsInHand, registerAllWorkers } from './capabilities.ts';
import { runJobThread, startWorkerThread, type ThreadData, type WorkerThread } from './jobs/worker-thread.ts';

export const registration = { registerWorkers: registerAllWorkers, maxEmailsInHand: maxEmailsInHand() };

/** Starts the job thread with every capability's workers. */
export function startJobThread(input: Omit<ThreadData, 'webLoad'>, logger: Logger): Promise<WorkerThread> {
  return startWorkerThread(input, logger, import.meta.url);
}

if (!isMainThread && parentPort && (workerData as { databaseUrl?: unknown } | null)?.databaseUrl) {
  void runJobThread(workerData as ThreadData, parentPort, registration);
}
