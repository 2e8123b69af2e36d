// The public progress bar toward a fundraising goal: net donations (paid minus refunded) in every
// currency, converted into the goal's currency at the rates organisers entered. A currency without a
// rate is left out of the bar (and the organisers' page says so) rather than guessed.
import type { Goal } from './goals.repo.ts';

export interface GoalProgress {
  readonly currency: string;
  readonly goalMinor: number;
  readonly raisedMinor: number;
  /** Whether any amount was converted from another currency. */
  readonly converted: boolean;
  /** Currencies with donations but no rate. */
  readonly leftOut: readonly string[];
}

export function goalProgress(goal: Goal, net: Readonly<Record<string, number>>): GoalProgress {
  let raised = 0;
  let converted = false;
  const leftOut: string[] = [];
  for (const [currency, minor] of Object.entries(net).sort(([a], [b]) => a.localeCompare(b))) {
    if (minor === 0) continue;
    if (currency === goal.currency) raised += minor;
    else if (goal.rates[currency] !== undefined) {
      raised += minor * goal.rates[currency];
      converted = true;
    } else leftOut.push(currency);
  }
  return { currency: goal.currency, goalMinor: goal.amountMinor, raisedMinor: Math.max(0, Math.round(raised)), converted, leftOut };
}
