// The global caps on submissions and on wrong receipts. Windows are aligned to the clock (the hour, the
// UTC day, the quarter hour) so a counter's row says no more than "something happened in this window";
// the expiry job deletes rows whose window is over.
import { pointsSpent, type Limit } from '../web/rate-limits.ts';
import { windowStart } from './day.ts';
import { EVERYONE, type EvidenceDeps } from './evidence-deps.ts';

const spend = (deps: EvidenceDeps, limit: Limit, now: Date) => limit.take(deps.db, EVERYONE, windowStart(now, limit.durationSeconds));

/** Spends one submission from the hourly and the daily cap; false when either is used up. */
export async function takeSubmissionCaps(deps: EvidenceDeps, now: Date): Promise<boolean> {
  const hour = await spend(deps, deps.limits.perHour, now);
  const day = await spend(deps, deps.limits.perDay, now);
  return hour && day;
}

/** True while wrong receipts have used up the current window (every lookup is then refused). */
export async function receiptLookupsThrottled(deps: EvidenceDeps, now: Date): Promise<boolean> {
  const limit = deps.limits.wrongReceipts;
  return (await pointsSpent(deps.db, limit, EVERYONE, windowStart(now, limit.durationSeconds))) >= limit.points;
}

export async function countWrongReceipt(deps: EvidenceDeps, now: Date): Promise<void> {
  await spend(deps, deps.limits.wrongReceipts, now);
}

/** Deletes the evidence counters whose window has ended. */
export async function deleteEndedWindows(deps: EvidenceDeps, now: Date): Promise<number> {
  const names = Object.values(deps.limits).map((l) => `${l.name}:%`);
  return deps.db('rate_limits')
    .where((q) => names.forEach((n) => q.orWhere('key', 'like', n)))
    .andWhere('expire', '<=', now.getTime())
    .delete();
}
