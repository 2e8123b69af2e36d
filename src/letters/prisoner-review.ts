// The prisoners list must be kept current: the organisers' dashboard warns when nobody has marked it as
// reviewed for PRISONER_REVIEW_DAYS (a list never reviewed, like the default one dated 2015, is overdue
// from the start).
import type { LetterCampaign, Prisoner } from './campaign.repo.ts';

export const PRISONER_REVIEW_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

export interface ReviewState {
  readonly due: boolean;
  /** Days since the last review (null: never reviewed). */
  readonly daysSince: number | null;
  readonly lastReviewedAt: Date | null;
  /** The oldest "as of" date on the list (YYYY-MM-DD), to show beside the warning. */
  readonly oldestAsOf: string | null;
}

export function prisonerReview(campaign: Pick<LetterCampaign, 'prisonersReviewedAt'>, prisoners: readonly Pick<Prisoner, 'asOf'>[], now: Date): ReviewState {
  const last = campaign.prisonersReviewedAt;
  const daysSince = last ? Math.floor((now.getTime() - last.getTime()) / DAY_MS) : null;
  const oldestAsOf = prisoners.map((p) => p.asOf).sort()[0] ?? null;
  return { due: daysSince === null || daysSince >= PRISONER_REVIEW_DAYS, daysSince, lastReviewedAt: last, oldestAsOf };
}
