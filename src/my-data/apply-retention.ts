// Hourly: expired links go, and so does any request its email job never reached (with its encrypted address).
import type { MyDataDeps } from './my-data-deps.ts';
import { REQUEST_KEEP_HOURS } from './my-data-jobs.ts';
import { deleteExpired } from './my-data.repo.ts';

export async function applyMyDataRetention(deps: Pick<MyDataDeps, 'db' | 'clock'>): Promise<{ tokens: number; requests: number }> {
  const now = deps.clock.now();
  return deleteExpired(deps.db, now, new Date(now.getTime() - REQUEST_KEEP_HOURS * 3600_000));
}
