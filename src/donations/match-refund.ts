// Job handler: which donation a refund belongs to, when its PaymentIntent matched none when it arrived.
// A monthly payment's invoice.paid does not carry its PaymentIntent (Stripe includes it only on request),
// so Stripe is asked which invoice that PaymentIntent paid. A one-off gift's own event carries it, so if
// that event simply has not arrived yet, the refund is matched when it does, and this finds nothing.
import type { DonationDeps } from './donation-deps.ts';
import type { MatchRefundJob } from './donation-jobs.ts';
import { findRefund, setRefundInvoice } from './refunds.repo.ts';

export async function matchRefund(deps: DonationDeps, job: MatchRefundJob): Promise<void> {
  const stripe = deps.stripe;
  // An instance without Stripe cannot look it up: fail, so the job is retried (by one that can).
  if (!stripe.on) throw new Error('donations are off on this instance: the refund is left for another to match');
  const refund = await findRefund(deps.db, job.chargeId);
  if (!refund?.paymentIntent || refund.invoiceId) return;
  const payments = await stripe.client.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: refund.paymentIntent }, limit: 1 });
  const invoice = payments.data[0]?.invoice;
  const invoiceId = typeof invoice === 'string' ? invoice : invoice?.id;
  if (invoiceId) await setRefundInvoice(deps.db, job.chargeId, invoiceId);
}
