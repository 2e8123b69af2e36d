// What one Stripe event says about a payment or a subscription (an observation), and how it is merged
// into what earlier events said, whatever order they came in. Pure functions: the repositories lock the
// row, call these, and write the result.
//
// Payments: status only moves forward (pending → failed | paid, failed → paid; never back from paid),
// so a late or replayed event cannot undo a payment or count it again. Fields a later event knows and
// an earlier one did not (the address, the PaymentIntent, the session) are filled in, never replaced,
// except the amount, which the payment's own object (the session of a one-off gift, the invoice of a
// monthly one) states with authority.
//
// Subscriptions: each report carries the time of its event; a report applies only if it is newer than
// the one that set the status, or as new and further along the lifecycle; an ended state (canceled,
// incomplete_expired) applies whenever it arrives and is final.
import type { Lang } from '../i18n/languages.ts';

export type PaymentStatus = 'pending' | 'failed' | 'paid';
export type PaymentKind = 'one_off' | 'monthly';

export interface PaymentObservation {
  /** The payment's own Stripe object: cs_… (one-off) or in_… (monthly). */
  readonly stripeId: string;
  readonly kind: PaymentKind;
  readonly status: PaymentStatus;
  readonly currency: string;
  readonly amountMinor: number;
  /** True when the event's object is the payment's own object (its amount is then the amount). */
  readonly authoritative: boolean;
  readonly lang: Lang;
  readonly campaign: string | null;
  readonly intentId: string | null;
  readonly checkoutSessionId: string | null;
  readonly subscriptionId: string | null;
  readonly paymentIntent: string | null;
  readonly email: string | null;
  readonly paidAt: Date | null;
  /** This payment starts a donation (a one-off gift, a subscription's first invoice): thank the donor. */
  readonly thankYouDue: boolean;
}

/** The merged state of a payment (as stored, the address still in plain text here). */
export interface PaymentState {
  readonly status: PaymentStatus;
  readonly currency: string;
  readonly amountMinor: number;
  readonly amountSettled: boolean;
  readonly campaign: string | null;
  readonly intentId: string | null;
  readonly checkoutSessionId: string | null;
  readonly subscriptionId: string | null;
  readonly paymentIntent: string | null;
  readonly hasEmail: boolean;
  readonly paidAt: Date | null;
  readonly thankYouDue: boolean;
}

const STATUS_ORDER: Record<PaymentStatus, number> = { pending: 0, failed: 1, paid: 2 };

export function paymentStatusAfter(current: PaymentStatus, reported: PaymentStatus): PaymentStatus {
  return STATUS_ORDER[reported] > STATUS_ORDER[current] ? reported : current;
}

/** The earlier of two times (either may be missing): the same whichever event came first. */
const earliest = (a: Date | null, b: Date | null): Date | null => (a && b ? (a.getTime() <= b.getTime() ? a : b) : (a ?? b));

export function mergePayment(current: PaymentState, seen: PaymentObservation): PaymentState {
  const status = paymentStatusAfter(current.status, seen.status);
  const takeAmount = seen.authoritative || !current.amountSettled;
  return {
    status,
    currency: takeAmount ? seen.currency : current.currency,
    amountMinor: takeAmount ? seen.amountMinor : current.amountMinor,
    amountSettled: current.amountSettled || seen.authoritative,
    campaign: current.campaign ?? seen.campaign,
    intentId: current.intentId ?? seen.intentId,
    checkoutSessionId: current.checkoutSessionId ?? seen.checkoutSessionId,
    subscriptionId: current.subscriptionId ?? seen.subscriptionId,
    paymentIntent: current.paymentIntent ?? seen.paymentIntent,
    hasEmail: current.hasEmail || seen.email !== null,
    paidAt: status === 'paid' ? earliest(current.paidAt, seen.status === 'paid' ? seen.paidAt : null) : null,
    thankYouDue: current.thankYouDue || seen.thankYouDue,
  };
}

/** The state a payment's first event gives it. */
export function firstPaymentState(seen: PaymentObservation): PaymentState {
  return {
    status: seen.status,
    currency: seen.currency,
    amountMinor: seen.amountMinor,
    amountSettled: seen.authoritative,
    campaign: seen.campaign,
    intentId: seen.intentId,
    checkoutSessionId: seen.checkoutSessionId,
    subscriptionId: seen.subscriptionId,
    paymentIntent: seen.paymentIntent,
    hasEmail: seen.email !== null,
    paidAt: seen.status === 'paid' ? seen.paidAt : null,
    thankYouDue: seen.thankYouDue,
  };
}

/** Stripe's subscription statuses, ranked along the lifecycle; a rank of FINAL never changes again. */
export const SUBSCRIPTION_RANK: Readonly<Record<string, number>> = { incomplete: 0, trialing: 1, active: 2, past_due: 3, unpaid: 4, paused: 4, canceled: 5, incomplete_expired: 5 };
const FINAL = 5;

export const subscriptionRank = (status: string): number => SUBSCRIPTION_RANK[status] ?? 2;

export interface SubscriptionObservation {
  readonly id: string;
  readonly status: string;
  /** The event's `created` (seconds). */
  readonly at: number;
  readonly lang: Lang;
  readonly campaign: string | null;
  readonly intentId: string | null;
  readonly currency: string | null;
  readonly amountMinor: number | null;
  readonly canceledAt: Date | null;
}

export interface SubscriptionState {
  readonly status: string;
  readonly statusAt: number;
  readonly statusRank: number;
  readonly campaign: string | null;
  readonly intentId: string | null;
  readonly currency: string | null;
  readonly amountMinor: number | null;
  readonly canceledAt: Date | null;
}

export function firstSubscriptionState(seen: SubscriptionObservation): SubscriptionState {
  return { status: seen.status, statusAt: seen.at, statusRank: subscriptionRank(seen.status), campaign: seen.campaign, intentId: seen.intentId, currency: seen.currency, amountMinor: seen.amountMinor, canceledAt: seen.canceledAt };
}

export function mergeSubscription(current: SubscriptionState, seen: SubscriptionObservation): SubscriptionState {
  const rank = subscriptionRank(seen.status);
  const newer = seen.at > current.statusAt || (seen.at === current.statusAt && rank >= current.statusRank);
  // An ended subscription never comes back, so its end applies whenever its report arrives.
  const applies = current.statusRank < FINAL && (rank >= FINAL || newer);
  return {
    status: applies ? seen.status : current.status,
    statusAt: applies ? seen.at : current.statusAt,
    statusRank: applies ? rank : current.statusRank,
    campaign: current.campaign ?? seen.campaign,
    intentId: current.intentId ?? seen.intentId,
    currency: current.currency ?? seen.currency,
    amountMinor: current.amountMinor ?? seen.amountMinor,
    canceledAt: current.canceledAt ?? seen.canceledAt,
  };
}
