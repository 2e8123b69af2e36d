// Merging what Stripe's events say, whatever their order: a payment's status only moves forward, its
// own object states the amount, later events fill in what earlier ones lacked; a subscription's status
// follows the newest report and ends for good.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstPaymentState, firstSubscriptionState, mergePayment, mergeSubscription, type PaymentObservation, type SubscriptionObservation } from '../../src/donations/merge.ts';
import { goalProgress } from '../../src/donations/goal-progress.ts';

const at = new Date('2026-12-01T12:00:00Z');
const seen = (over: Partial<PaymentObservation> = {}): PaymentObservation => ({
  stripeId: 'in_1', kind: 'monthly', status: 'paid', currency: 'EUR', amountMinor: 1000, authoritative: true, lang: 'en', campaign: 'zhanaozen', intentId: null,
  checkoutSessionId: null, subscriptionId: 'sub_1', paymentIntent: null, email: null, paidAt: at, thankYouDue: false, ...over,
});

/** Every order of the observations ends in the same state. */
function everyOrder<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) => everyOrder([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('merging payment observations', () => {
  const invoicePaid = seen({ paymentIntent: null, email: 'a@example.org', thankYouDue: true });
  const sessionDone = seen({ authoritative: false, amountMinor: 999, checkoutSessionId: 'cs_1', intentId: '11111111-1111-4111-8111-111111111111', email: 'a@example.org', thankYouDue: true, subscriptionId: 'sub_1', paidAt: new Date(at.getTime() + 5000) });
  const pending = seen({ status: 'pending', authoritative: false, amountMinor: 999, paidAt: null, paymentIntent: 'pi_1' });

  it('any order of the same events gives the same payment', () => {
    const results = everyOrder([invoicePaid, sessionDone, pending]).map(([first, ...rest]) => rest.reduce(mergePayment, firstPaymentState(first!)));
    for (const r of results) assert.deepEqual(r, results[0]);
    const r = results[0]!;
    assert.equal(r.status, 'paid');
    assert.equal(r.amountMinor, 1000, 'the invoice states the amount');
    assert.equal(r.checkoutSessionId, 'cs_1');
    assert.equal(r.paymentIntent, 'pi_1');
    assert.equal(r.thankYouDue, true);
  });

  it('never back from paid; failed can become paid, not pending', () => {
    const paid = firstPaymentState(seen());
    assert.equal(mergePayment(paid, seen({ status: 'failed' })).status, 'paid');
    assert.equal(mergePayment(paid, seen({ status: 'pending' })).status, 'paid');
    const failed = firstPaymentState(seen({ status: 'failed', paidAt: null }));
    assert.equal(mergePayment(failed, seen({ status: 'pending', paidAt: null })).status, 'failed');
    assert.equal(mergePayment(failed, seen({ status: 'paid' })).status, 'paid');
    assert.equal(mergePayment(failed, seen({ status: 'pending', paidAt: null })).paidAt, null);
  });
});

describe('merging subscription observations', () => {
  const obs = (status: string, atS: number): SubscriptionObservation => ({ id: 'sub_1', status, at: atS, lang: 'en', campaign: null, intentId: null, currency: 'EUR', amountMinor: 500, canceledAt: status === 'canceled' ? at : null });

  it('the newest report wins, in any order; canceled is final', () => {
    const reports = [obs('incomplete', 100), obs('active', 101), obs('past_due', 200), obs('active', 300)];
    for (const order of everyOrder(reports)) {
      const [first, ...rest] = order;
      assert.equal(rest.reduce(mergeSubscription, firstSubscriptionState(first!)).status, 'active');
    }
    for (const order of everyOrder([obs('active', 100), obs('canceled', 150), obs('past_due', 200)])) {
      const [first, ...rest] = order;
      assert.equal(rest.reduce(mergeSubscription, firstSubscriptionState(first!)).status, 'canceled', order.map((o) => o.status).join(' → '));
    }
  });

  it('two reports in the same second: the one further along wins', () => {
    assert.equal(mergeSubscription(firstSubscriptionState(obs('active', 100)), obs('incomplete', 100)).status, 'active');
    assert.equal(mergeSubscription(firstSubscriptionState(obs('incomplete', 100)), obs('active', 100)).status, 'active');
  });
});

describe('goal progress', () => {
  it('converts at the organisers’ rates into the goal currency, and leaves out currencies without one', () => {
    const p = goalProgress({ enabled: true, currency: 'EUR', amountMinor: 1_000_000, rates: { PLN: 0.25 } }, { EUR: 10000, PLN: 40000, USD: 5000 });
    assert.equal(p.raisedMinor, 20000);
    assert.equal(p.converted, true);
    assert.deepEqual(p.leftOut, ['USD']);
    assert.equal(goalProgress({ enabled: true, currency: 'PLN', amountMinor: 100, rates: {} }, { PLN: -500 }).raisedMinor, 0);
  });
});
