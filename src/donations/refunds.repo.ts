// donation_refunds (knex only): per refunded charge, the largest running total Stripe has reported, so a
// replayed, late or out-of-order charge.refunded never lowers the net twice.
import type { Queryable, Tx } from '../db/knex.ts';
import type { RefundObservation } from './stripe-events.ts';

/** Stores the refund; returns the invoice it was matched to by the refund job, if any yet. */
export async function upsertRefund(trx: Tx, refund: RefundObservation): Promise<{ invoiceId: string | null }> {
  const result = (await trx.raw(
    `insert into donation_refunds (charge_id, payment_intent, currency, amount_minor, refunded_at) values (?, ?, ?, ?, ?)
     on conflict (charge_id) do update set
       payment_intent = coalesce(donation_refunds.payment_intent, excluded.payment_intent),
       refunded_at = case when excluded.amount_minor > donation_refunds.amount_minor then excluded.refunded_at else donation_refunds.refunded_at end,
       amount_minor = greatest(donation_refunds.amount_minor, excluded.amount_minor)
     returning invoice_id`,
    [refund.chargeId, refund.paymentIntent, refund.currency, refund.amountMinor, refund.refundedAt],
  )) as { rows: { invoice_id: string | null }[] };
  return { invoiceId: result.rows[0]?.invoice_id ?? null };
}

export async function findRefund(db: Queryable, chargeId: string): Promise<{ paymentIntent: string | null; invoiceId: string | null } | undefined> {
  const row = await db('donation_refunds').where({ charge_id: chargeId }).first<{ payment_intent: string | null; invoice_id: string | null } | undefined>('payment_intent', 'invoice_id');
  return row && { paymentIntent: row.payment_intent, invoiceId: row.invoice_id };
}

export async function setRefundInvoice(db: Queryable, chargeId: string, invoiceId: string): Promise<void> {
  await db('donation_refunds').where({ charge_id: chargeId }).whereNull('invoice_id').update({ invoice_id: invoiceId });
}
