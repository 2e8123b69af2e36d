// Use-case: a verified Stripe event. Its handler (stripe-events.ts) says what it means; then one
// transaction records the event id and writes that effect, so the event counts once or not at all:
// a replay finds its id and changes nothing. Rows are locked in one order (subscription, payment,
// refund), so two events of one donation never deadlock; a conflict between two transactions is
// retried whole (nothing of it was committed).
// Slow work (the thank-you email, looking up which invoice a refund belongs to) goes on the job queue,
// in the same transaction, so the answer to Stripe takes a few milliseconds.
import type { Tx } from '../db/knex.ts';
import type { DonationDeps } from './donation-deps.ts';
import { MATCH_REFUND, THANK_YOU_EMAIL, type MatchRefundJob, type ThankYouJob } from './donation-jobs.ts';
import { fromSeconds, type Envelope } from './event-shapes.ts';
import { insertEvent } from './events.repo.ts';
import { hasPaymentIntent, upsertPayment } from './payments.repo.ts';
import { upsertRefund } from './refunds.repo.ts';
import { HANDLERS, type Effects } from './stripe-events.ts';
import { upsertSubscription } from './subscriptions.repo.ts';

export type EventResult = 'recorded' | 'duplicate' | 'unhandled';

// Deadlock detected, serialization failure, and a unique violation: two events of one new payment,
// written at the same moment, can both pass `on conflict (stripe_id)` and meet on its other unique key
// (the PaymentIntent); run again, the later one finds the row and merges into it.
const RETRYABLE = new Set(['40P01', '40001', '23505']);
const ATTEMPTS = 5;

async function applyEffects(deps: DonationDeps, trx: Tx, effects: Effects): Promise<void> {
  if (effects.subscription) await upsertSubscription(trx, effects.subscription);
  if (effects.payment) {
    const stored = await upsertPayment(trx, effects.payment, deps.secrets, deps.clock.now());
    if (stored.queueThankYou) await deps.jobs.send<ThankYouJob>(THANK_YOU_EMAIL, { paymentId: stored.id }, trx);
  }
  if (effects.refund) {
    const { invoiceId } = await upsertRefund(trx, effects.refund);
    const pi = effects.refund.paymentIntent;
    // A monthly payment's PaymentIntent is not in its invoice.paid event: the job asks Stripe which invoice it paid.
    if (pi && !invoiceId && !(await hasPaymentIntent(trx, pi))) await deps.jobs.send<MatchRefundJob>(MATCH_REFUND, { chargeId: effects.refund.chargeId }, trx);
  }
}

export async function recordStripeEvent(deps: DonationDeps, event: Envelope): Promise<EventResult> {
  const handler = HANDLERS[event.type];
  if (!handler) return 'unhandled';
  const plan = handler(event);
  if (plan.outcome === 'malformed') deps.logger.error({ eventId: event.id, eventType: event.type, problem: plan.problem }, 'stripe event of ours without a field it needs: recorded as malformed');
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.db.transaction(async (trx) => {
        if (!(await insertEvent(trx, { id: event.id, type: event.type, outcome: plan.outcome, createdAt: fromSeconds(event.created) }))) return 'duplicate';
        if (plan.outcome === 'applied') await applyEffects(deps, trx, plan.effects);
        return 'recorded';
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
