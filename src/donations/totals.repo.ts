// Donation totals (knex only), computed from the payment rows themselves: there are few enough (a
// payment is a person paying) that a grouped scan is cheap, and nothing can drift from the rows.
// A refund counts when it belongs to a paid donation (by its PaymentIntent, or by the invoice the
// refund job found), at most the payment's amount, in the month Stripe reported it.
import type { Queryable } from '../db/knex.ts';
import type { PaymentKind } from './merge.ts';

export interface PaymentTotal {
  readonly currency: string;
  /** YYYY-MM (UTC). */
  readonly month: string;
  readonly kind: PaymentKind;
  readonly payments: number;
  readonly grossMinor: number;
}

export interface RefundTotal {
  readonly currency: string;
  readonly month: string;
  readonly kind: PaymentKind;
  readonly refunds: number;
  readonly refundedMinor: number;
}

export interface ActiveMonthly {
  readonly currency: string;
  readonly donors: number;
  /** What the active subscriptions give each month, together. */
  readonly monthlyMinor: number;
}

const MATCHED_REFUNDS = `
  select distinct on (r.charge_id) r.charge_id, r.currency, r.refunded_at, p.kind, least(r.amount_minor, p.amount_minor) as amount_minor
  from donation_refunds r
  join donation_payments p on p.status = 'paid' and (p.payment_intent = r.payment_intent or p.stripe_id = r.invoice_id)
  where r.amount_minor > 0
  order by r.charge_id, p.id`;

export async function paymentTotals(db: Queryable): Promise<PaymentTotal[]> {
  const { rows } = (await db.raw(`
    select currency, to_char(paid_at at time zone 'UTC', 'YYYY-MM') as month, kind, count(*)::int as payments, sum(amount_minor)::bigint as gross
    from donation_payments where status = 'paid'
    group by 1, 2, 3 order by 2, 1, 3`)) as { rows: { currency: string; month: string; kind: PaymentKind; payments: number; gross: string }[] };
  return rows.map((r) => ({ currency: r.currency, month: r.month, kind: r.kind, payments: r.payments, grossMinor: Number(r.gross) }));
}

export async function refundTotals(db: Queryable): Promise<RefundTotal[]> {
  const { rows } = (await db.raw(`
    select currency, to_char(refunded_at at time zone 'UTC', 'YYYY-MM') as month, kind, count(*)::int as refunds, sum(amount_minor)::bigint as refunded
    from (${MATCHED_REFUNDS}) m group by 1, 2, 3 order by 2, 1, 3`)) as { rows: { currency: string; month: string; kind: PaymentKind; refunds: number; refunded: string }[] };
  return rows.map((r) => ({ currency: r.currency, month: r.month, kind: r.kind, refunds: r.refunds, refundedMinor: Number(r.refunded) }));
}

export async function activeMonthly(db: Queryable): Promise<ActiveMonthly[]> {
  const { rows } = (await db.raw(`
    select coalesce(currency, '?') as currency, count(*)::int as donors, coalesce(sum(amount_minor), 0)::bigint as monthly
    from donation_subscriptions where status = 'active' group by 1 order by 1`)) as { rows: { currency: string; donors: number; monthly: string }[] };
  return rows.map((r) => ({ currency: r.currency, donors: r.donors, monthlyMinor: Number(r.monthly) }));
}

/** Paid minus refunded, per currency: what the progress bar shows. */
export async function netByCurrency(db: Queryable): Promise<Record<string, number>> {
  const { rows } = (await db.raw(`
    select currency, sum(amount)::bigint as net from (
      select currency, amount_minor as amount from donation_payments where status = 'paid'
      union all
      select currency, -amount_minor from (${MATCHED_REFUNDS}) m
    ) t group by currency`)) as { rows: { currency: string; net: string }[] };
  return Object.fromEntries(rows.map((r) => [r.currency, Number(r.net)]));
}
