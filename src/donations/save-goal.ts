// Use-case: an organiser sets the public fundraising goal (or switches it off); written with its audit
// entry in one transaction. The public bar shows it within a second or two (pages are kept that long).
import { audit } from '../admin/index.ts';
import type { DonationDeps } from './donation-deps.ts';
import { saveGoal, type Goal } from './goals.repo.ts';

export async function saveDonationGoal(deps: DonationDeps, input: { actor: string; goal: Goal }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    await saveGoal(trx, deps.campaign, input.goal, now);
    const { enabled, currency, amountMinor, rates } = input.goal;
    await audit(trx, { actor: input.actor, action: 'donation-goal.updated', subject: `campaign:${deps.campaign}`, details: { enabled, currency, amountMinor, rates: { ...rates } }, at: now });
  });
}
