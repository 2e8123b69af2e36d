// A burst of Stripe webhook events with known totals, for the burst test and `npm run bench`: one-off
// gifts (some refunded, in part or whole, some paid asynchronously, some failed), monthly donations
// (their first invoice.paid and checkout.session.completed in either order, renewals, cancellations,
// a few refunds of monthly payments that only the refund job can match), in three currencies. A share
// of the events is sent again (replays) and the whole is shuffled; a seeded generator makes it the
// same burst every run.
import { netByCurrency, paymentTotals, refundTotals, activeMonthly } from '../../src/donations/totals.repo.ts';
import type { Queryable } from '../../src/db/knex.ts';
import { chargeObject, event, invoiceObject, sessionObject, signed, subscriptionObject, type StripeEventBody } from './stripe.ts';

const CURRENCIES = ['eur', 'pln', 'usd'] as const;
const LANGS = ['en', 'ru', 'kk', 'pl'] as const;

export interface BurstTotals {
  /** Per currency (upper case): paid payments and their sum, one-off and monthly. */
  readonly payments: Record<string, { oneOff: number; monthly: number; grossMinor: number }>;
  readonly refundedMinor: Record<string, number>;
  readonly netMinor: Record<string, number>;
  readonly activeMonthlyDonors: number;
  /** Donations that earn a thank-you email. */
  readonly thankYous: number;
}

export interface Burst {
  /** Every event to send, replays included, shuffled. */
  readonly events: readonly StripeEventBody[];
  readonly unique: number;
  readonly replays: number;
  readonly expected: BurstTotals;
  /** PaymentIntents of monthly payments and their invoices (for the API double's invoice_payments). */
  readonly invoiceOfPaymentIntent: readonly (readonly [string, string])[];
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildBurst(options: { total?: number; replayShare?: number; seed?: number; tag?: string } = {}): Burst {
  const total = options.total ?? 2000;
  const replays = Math.round(total * (options.replayShare ?? 0.1));
  const unique = total - replays;
  const rnd = random(options.seed ?? 17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const tag = options.tag ?? Date.now().toString(36);
  let n = 0;
  const id = (prefix: string) => `${prefix}_burst_${tag}_${(n += 1)}`;
  const now = Math.floor(Date.now() / 1000);
  const events: StripeEventBody[] = [];
  const mappings: [string, string][] = [];
  const payments: BurstTotals['payments'] = {};
  const refunded: Record<string, number> = {};
  let active = 0;
  let thankYous = 0;
  const paid = (currency: string, kind: 'oneOff' | 'monthly', amount: number) => {
    const c = (payments[currency.toUpperCase()] ??= { oneOff: 0, monthly: 0, grossMinor: 0 });
    c[kind] += 1;
    c.grossMinor += amount;
  };
  const refund = (currency: string, amount: number) => void (refunded[currency.toUpperCase()] = (refunded[currency.toUpperCase()] ?? 0) + amount);

  while (events.length < unique) {
    const room = unique - events.length;
    const currency = pick(CURRENCIES);
    const marks = { intentId: crypto.randomUUID(), lang: pick(LANGS) };
    const amount = 100 * (2 + Math.floor(rnd() * 200)) + (rnd() < 0.3 ? Math.floor(rnd() * 100) : 0);
    const roll = rnd();
    if (roll < 0.45 || room < 2) {
      // A one-off gift, a tenth of them refunded (in part, then perhaps in whole).
      const [session, pi, charge] = [id('cs'), id('pi'), id('ch')];
      events.push(event('checkout.session.completed', sessionObject({ ...marks, id: session, mode: 'payment', amount, currency, paymentIntent: pi, email: `${session}@example.org` }), now - 60));
      paid(currency, 'oneOff', amount);
      thankYous += 1;
      if (rnd() < 0.1 && events.length + 2 <= unique) {
        const part = Math.floor(amount / 2);
        const whole = rnd() < 0.5;
        events.push(event('charge.refunded', chargeObject({ id: charge, paymentIntent: pi, amountRefunded: part, currency, amount }), now - 30));
        if (whole) events.push(event('charge.refunded', chargeObject({ id: charge, paymentIntent: pi, amountRefunded: amount, currency, amount }), now - 20));
        refund(currency, whole ? amount : part);
      }
    } else if (roll < 0.55 && room >= 2) {
      // Paid later (a bank debit): pending, then succeeded or failed.
      const session = id('cs');
      const object = sessionObject({ ...marks, id: session, mode: 'payment', amount, currency, paid: false, paymentIntent: id('pi'), email: `${session}@example.org` });
      events.push(event('checkout.session.completed', object, now - 60));
      if (rnd() < 0.75) {
        events.push(event('checkout.session.async_payment_succeeded', { ...object, payment_status: 'paid' }, now - 40));
        paid(currency, 'oneOff', amount);
        thankYous += 1;
      } else events.push(event('checkout.session.async_payment_failed', object, now - 40));
    } else if (room >= 2) {
      // A monthly donation: its first invoice and its session (either order once shuffled), renewals,
      // perhaps a refund of a renewal (matched by the refund job), perhaps a cancellation.
      const [sub, first, session] = [id('sub'), id('in'), id('cs')];
      const email = `${sub}@example.org`;
      events.push(event('checkout.session.completed', sessionObject({ ...marks, id: session, mode: 'subscription', amount, currency, subscription: sub, invoice: first, email }), now - 300));
      events.push(event('invoice.paid', invoiceObject({ ...marks, id: first, subscription: sub, amount, currency, email }), now - 300));
      paid(currency, 'monthly', amount);
      thankYous += 1;
      let left = unique - events.length;
      const renewals = Math.min(left, Math.floor(rnd() * 3));
      for (let i = 0; i < renewals; i += 1) {
        const invoice = id('in');
        events.push(event('invoice.paid', invoiceObject({ ...marks, id: invoice, subscription: sub, amount, currency, email, first: false }), now - 200 + i));
        paid(currency, 'monthly', amount);
        if (i === 0 && rnd() < 0.15 && events.length < unique) {
          const pi = id('pi');
          mappings.push([pi, invoice]);
          events.push(event('charge.refunded', chargeObject({ id: id('ch'), paymentIntent: pi, amountRefunded: amount, currency, amount }), now - 100));
          refund(currency, amount);
        }
      }
      left = unique - events.length;
      if (left > 0 && rnd() < 0.3) events.push(event('customer.subscription.deleted', subscriptionObject({ ...marks, id: sub, status: 'canceled', amount, currency }), now - 10));
      else active += 1;
    }
  }
  const originals = events.slice();
  for (let i = 0; i < replays; i += 1) events.push(pick(originals));
  for (let i = events.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  const netMinor = Object.fromEntries(Object.entries(payments).map(([c, p]) => [c, p.grossMinor - (refunded[c] ?? 0)]));
  return { events, unique: originals.length, replays, expected: { payments, refundedMinor: refunded, netMinor, activeMonthlyDonors: active, thankYous }, invoiceOfPaymentIntent: mappings };
}

/** Sends the burst to the instances (event i to instance i mod n), `concurrency` at a time; statuses counted. */
export interface BurstRun {
  readonly ms: number;
  readonly statuses: Record<number, number>;
  readonly slowestMs: number;
  /** Each answer's time, sorted (ms). */
  readonly latencies: readonly number[];
}

export async function sendBurst(burst: Burst, origins: readonly string[], concurrency = 32): Promise<BurstRun> {
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next;
      next += 1;
      if (i >= burst.events.length) return;
      const { payload, header } = signed(burst.events[i]!);
      const t0 = performance.now();
      const res = await fetch(`${origins[i % origins.length]}/webhooks/stripe`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header }, body: payload });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  return { ms: performance.now() - started, statuses, slowestMs: latencies.at(-1) ?? 0, latencies };
}

/** The q-th quantile (0–1) of sorted values. */
export const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** after − before, per currency (totals of one burst on a database that already held others). */
export function totalsAdded(before: Omit<BurstTotals, 'thankYous'>, after: Omit<BurstTotals, 'thankYous'>): Omit<BurstTotals, 'thankYous'> {
  const payments: BurstTotals['payments'] = {};
  for (const [c, a] of Object.entries(after.payments)) {
    const b = before.payments[c] ?? { oneOff: 0, monthly: 0, grossMinor: 0 };
    const d = { oneOff: a.oneOff - b.oneOff, monthly: a.monthly - b.monthly, grossMinor: a.grossMinor - b.grossMinor };
    if (d.oneOff || d.monthly || d.grossMinor) payments[c] = d;
  }
  const minus = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(a).map(([c, v]) => [c, v - (b[c] ?? 0)] as const).filter(([, v]) => v !== 0));
  return { payments, refundedMinor: minus(after.refundedMinor, before.refundedMinor), netMinor: minus(after.netMinor, before.netMinor), activeMonthlyDonors: after.activeMonthlyDonors - before.activeMonthlyDonors };
}

/** The expected totals with zero entries left out (as totalsAdded gives them). */
export function withoutZeros(totals: BurstTotals): Omit<BurstTotals, 'thankYous'> {
  const drop = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== 0));
  return { payments: totals.payments, refundedMinor: drop(totals.refundedMinor), netMinor: drop(totals.netMinor), activeMonthlyDonors: totals.activeMonthlyDonors };
}

/** The totals as the database has them, in the burst's shape. */
export async function readTotals(db: Queryable): Promise<Omit<BurstTotals, 'thankYous'>> {
  const payments: BurstTotals['payments'] = {};
  for (const row of await paymentTotals(db)) {
    const c = (payments[row.currency] ??= { oneOff: 0, monthly: 0, grossMinor: 0 });
    c[row.kind === 'one_off' ? 'oneOff' : 'monthly'] += row.payments;
    c.grossMinor += row.grossMinor;
  }
  const refundedMinor: Record<string, number> = {};
  for (const row of await refundTotals(db)) refundedMinor[row.currency] = (refundedMinor[row.currency] ?? 0) + row.refundedMinor;
  const netMinor = await netByCurrency(db);
  const activeMonthlyDonors = (await activeMonthly(db)).reduce((sum, r) => sum + r.donors, 0);
  return { payments, refundedMinor, netMinor, activeMonthlyDonors };
}
