// The Stripe webhook's event type → handler map (after Ghost's webhook controller). Each handler reads
// its event and says what it means for our records (observations of a payment, a subscription, a
// refund), without touching the database: record-stripe-event.ts writes them in the event's own
// transaction. An object without our marks (another product on the same Stripe account) is ignored.
import type { z } from 'zod';
import { chargeSchema, fromSeconds, invoiceSchema, ownMarks, sessionSchema, subscriptionSchema, type Envelope } from './event-shapes.ts';
import type { PaymentObservation, PaymentStatus, SubscriptionObservation } from './merge.ts';

export interface RefundObservation {
  readonly chargeId: string;
  readonly paymentIntent: string | null;
  readonly currency: string;
  /** The charge's running total refunded, in minor units. */
  readonly amountMinor: number;
  readonly refundedAt: Date;
}

export interface Effects {
  readonly subscription?: SubscriptionObservation;
  readonly payment?: PaymentObservation;
  readonly refund?: RefundObservation;
}

export type Plan = { readonly outcome: 'ignored' } | { readonly outcome: 'malformed'; readonly problem: string } | { readonly outcome: 'applied'; readonly effects: Effects };

type Handler = (event: Envelope) => Plan;

const IGNORED: Plan = { outcome: 'ignored' };

function read<S extends z.ZodType>(schema: S, event: Envelope): { ok: true; value: z.infer<S> } | { ok: false; plan: Plan } {
  const parsed = schema.safeParse(event.data.object);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, plan: { outcome: 'malformed', problem: `${issue?.path.join('.') ?? '?'}: ${issue?.code ?? 'invalid'}` } };
}

/** checkout.session.completed, …async_payment_succeeded and …async_payment_failed. */
function checkoutSession(outcome: 'completed' | 'succeeded' | 'failed'): Handler {
  return (event) => {
    const session = read(sessionSchema, event);
    if (!session.ok) return session.plan;
    const s = session.value;
    const marks = ownMarks(s.metadata);
    if (!marks || (s.mode !== 'payment' && s.mode !== 'subscription')) return IGNORED;
    const status: PaymentStatus = outcome === 'failed' ? 'failed' : outcome === 'succeeded' || s.payment_status === 'paid' ? 'paid' : 'pending';
    const at = fromSeconds(event.created);
    const common = { status, currency: s.currency, amountMinor: s.amount_total, lang: marks.lang, campaign: marks.campaign, intentId: marks.intentId, checkoutSessionId: s.id, email: s.customer_details?.email ?? null, paidAt: status === 'paid' ? at : null, thankYouDue: true };
    if (s.mode === 'payment') {
      return { outcome: 'applied', effects: { payment: { ...common, stripeId: s.id, kind: 'one_off', authoritative: true, subscriptionId: null, paymentIntent: s.payment_intent } } };
    }
    // Subscription mode: the first payment is the subscription's first invoice, counted by the invoice's
    // id, so its invoice.paid (before or after this event) is the same payment.
    if (!s.subscription || !s.invoice) return { outcome: 'malformed', problem: 'subscription session without subscription or invoice' };
    const subscription: SubscriptionObservation = { id: s.subscription, status: status === 'paid' ? 'active' : 'incomplete', at: event.created, lang: marks.lang, campaign: marks.campaign, intentId: marks.intentId, currency: s.currency, amountMinor: s.amount_total, canceledAt: null };
    return { outcome: 'applied', effects: { subscription, payment: { ...common, stripeId: s.invoice, kind: 'monthly', authoritative: false, subscriptionId: s.subscription, paymentIntent: null } } };
  };
}

/** invoice.paid: each monthly payment, the first one included. */
const invoicePaid: Handler = (event) => {
  const invoice = read(invoiceSchema, event);
  if (!invoice.ok) return invoice.plan;
  const i = invoice.value;
  const details = i.parent?.subscription_details;
  const marks = details ? ownMarks(details.metadata) : undefined;
  if (!details?.subscription || !marks || i.amount_paid === 0) return IGNORED;
  const paidAt = fromSeconds(i.status_transitions?.paid_at ?? event.created);
  const paymentIntent = i.payments?.data.find((p) => p.payment?.payment_intent)?.payment?.payment_intent ?? null;
  const subscription: SubscriptionObservation = { id: details.subscription, status: 'active', at: event.created, lang: marks.lang, campaign: marks.campaign, intentId: marks.intentId, currency: i.currency, amountMinor: i.amount_paid, canceledAt: null };
  const payment: PaymentObservation = {
    stripeId: i.id,
    kind: 'monthly',
    status: 'paid',
    currency: i.currency,
    amountMinor: i.amount_paid,
    authoritative: true,
    lang: marks.lang,
    campaign: marks.campaign,
    intentId: marks.intentId,
    checkoutSessionId: null,
    subscriptionId: details.subscription,
    paymentIntent,
    email: i.customer_email,
    paidAt,
    thankYouDue: i.billing_reason === 'subscription_create',
  };
  return { outcome: 'applied', effects: { subscription, payment } };
};

/** charge.refunded: the charge's running refunded total (matched to a donation when totals are read). */
const chargeRefunded: Handler = (event) => {
  const charge = read(chargeSchema, event);
  if (!charge.ok) return charge.plan;
  const c = charge.value;
  return { outcome: 'applied', effects: { refund: { chargeId: c.id, paymentIntent: c.payment_intent, currency: c.currency, amountMinor: c.amount_refunded, refundedAt: fromSeconds(event.created) } } };
};

/** customer.subscription.updated and .deleted. */
function subscriptionChanged(deleted: boolean): Handler {
  return (event) => {
    const parsed = read(subscriptionSchema, event);
    if (!parsed.ok) return parsed.plan;
    const s = parsed.value;
    const marks = ownMarks(s.metadata);
    if (!marks) return IGNORED;
    const price = s.items?.data[0]?.price;
    const ended = s.ended_at ?? s.canceled_at ?? (deleted ? event.created : null);
    return {
      outcome: 'applied',
      effects: {
        subscription: {
          id: s.id,
          status: deleted ? 'canceled' : s.status,
          at: event.created,
          lang: marks.lang,
          campaign: marks.campaign,
          intentId: marks.intentId,
          currency: price?.currency ?? null,
          amountMinor: price?.unit_amount ?? null,
          canceledAt: deleted || s.status === 'canceled' ? fromSeconds(ended ?? event.created) : null,
        },
      },
    };
  };
}

export const HANDLERS: Readonly<Record<string, Handler>> = {
  'checkout.session.completed': checkoutSession('completed'),
  'checkout.session.async_payment_succeeded': checkoutSession('succeeded'),
  'checkout.session.async_payment_failed': checkoutSession('failed'),
  'invoice.paid': invoicePaid,
  'charge.refunded': chargeRefunded,
  'customer.subscription.updated': subscriptionChanged(false),
  'customer.subscription.deleted': subscriptionChanged(true),
};

/** The event types the webhook endpoint should be sent (for the organisers' set-up notes). */
export const HANDLED_EVENT_TYPES = Object.keys(HANDLERS);
