// Use-case: a monthly donor pressed the button behind the stop link of their thank-you email. Stripe
// cancels the subscription (an idempotency key per subscription, so a double press cancels once); the
// row is marked canceled at once, and Stripe's customer.subscription.deleted later says the same (a
// canceled subscription is final, so the order does not matter).
import { sha256 } from '../lib/crypto.ts';
import type { DonationDeps } from './donation-deps.ts';
import { findSubscriptionByToken, type StoppableSubscription } from './stop.repo.ts';
import { upsertSubscription } from './subscriptions.repo.ts';
import type { Lang } from '../i18n/languages.ts';

export type StopLookup = { kind: 'invalid' } | { kind: 'active' | 'stopped'; subscription: StoppableSubscription };

const ENDED = new Set(['canceled', 'incomplete_expired']);

export async function findStoppable(deps: DonationDeps, token: string): Promise<StopLookup> {
  const subscription = await findSubscriptionByToken(deps.db, sha256(token));
  if (!subscription) return { kind: 'invalid' };
  return { kind: ENDED.has(subscription.status) ? 'stopped' : 'active', subscription };
}

export type StopResult = 'invalid' | 'stopped' | 'failed';

export async function stopMonthly(deps: DonationDeps, input: { token: string; lang: Lang }): Promise<StopResult> {
  const stripe = deps.stripe;
  const found = await findStoppable(deps, input.token);
  if (found.kind === 'invalid') return 'invalid';
  if (found.kind === 'stopped') return 'stopped';
  if (!stripe.on) return 'failed';
  try {
    await stripe.client.subscriptions.cancel(found.subscription.id, {}, { idempotencyKey: `stop-${found.subscription.id}` });
  } catch (error) {
    const e = error as { type?: unknown; code?: unknown; requestId?: unknown };
    // Already gone at Stripe (cancelled in its dashboard): it is stopped either way.
    if (e.code !== 'resource_missing') {
      deps.logger.error({ subscriptionId: found.subscription.id, stripeError: { type: e.type, code: e.code, requestId: e.requestId } }, 'stripe subscription cancel failed');
      return 'failed';
    }
  }
  const now = deps.clock.now();
  await deps.db.transaction((trx) =>
    upsertSubscription(trx, { id: found.subscription.id, status: 'canceled', at: Math.floor(now.getTime() / 1000), lang: input.lang, campaign: null, intentId: null, currency: null, amountMinor: null, canceledAt: now }),
  );
  return 'stopped';
}
