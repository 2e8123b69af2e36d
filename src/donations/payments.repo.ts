// donation_payments (knex only): one row per payment, by its Stripe object id. The first event inserts
// it; a later one locks it (FOR UPDATE), merges (merge.ts) and writes what changed. Two events of one
// payment arriving together: the second insert waits on the unique key until the first commits, then
// finds the row and merges into it.
import type { Queryable, Tx } from '../db/knex.ts';
import { encrypt, hmac } from '../lib/crypto.ts';
import { canonicalEmail } from '../petitions/index.ts';
import { firstPaymentState, mergePayment, type PaymentObservation, type PaymentState } from './merge.ts';

export interface AddressKeys {
  readonly encryptionKey: Buffer;
  readonly lookupKey: Buffer;
}

export interface StoredPayment {
  readonly id: string;
  readonly state: PaymentState;
  /** This write is the one that made the thank-you due: queue its email (in the same transaction). */
  readonly queueThankYou: boolean;
}

/** Paid, with an address, and a payment that starts a donation: the donor gets one thank-you. */
const thankable = (state: PaymentState): boolean => state.status === 'paid' && state.hasEmail && state.thankYouDue;

interface PaymentDbRow {
  id: string;
  status: PaymentState['status'];
  currency: string;
  amount_minor: number;
  amount_settled: boolean;
  campaign: string | null;
  intent_id: string | null;
  checkout_session_id: string | null;
  subscription_id: string | null;
  payment_intent: string | null;
  email_enc: Buffer | null;
  address_erased: boolean;
  thank_you_due: boolean;
  thank_you_queued_at: Date | null;
  paid_at: Date | null;
}

/** The donor's address as stored: encrypted, with a keyed hash of its lower-cased form for lookups. */
export function addressColumns(keys: AddressKeys, email: string): { email_enc: Buffer; email_hash: Buffer; erasure_hash: Buffer } {
  const typed = email.trim().normalize('NFC');
  return {
    email_enc: encrypt(keys.encryptionKey, email),
    email_hash: hmac(keys.lookupKey, `donor:${typed.toLowerCase()}`),
    // The hash every erasure hook shares (erasure/registry.ts), so /my-data and the admins' erasure find donations too.
    erasure_hash: hmac(keys.lookupKey, canonicalEmail(typed) ?? typed.toLowerCase()),
  };
}

function stateColumns(state: PaymentState) {
  return {
    status: state.status,
    currency: state.currency,
    amount_minor: state.amountMinor,
    amount_settled: state.amountSettled,
    campaign: state.campaign,
    intent_id: state.intentId,
    checkout_session_id: state.checkoutSessionId,
    subscription_id: state.subscriptionId,
    payment_intent: state.paymentIntent,
    thank_you_due: state.thankYouDue,
    paid_at: state.paidAt,
  };
}

function stateOf(row: PaymentDbRow): PaymentState {
  return {
    status: row.status,
    currency: row.currency,
    amountMinor: row.amount_minor,
    amountSettled: row.amount_settled,
    campaign: row.campaign,
    intentId: row.intent_id,
    checkoutSessionId: row.checkout_session_id,
    subscriptionId: row.subscription_id,
    paymentIntent: row.payment_intent,
    hasEmail: row.email_enc !== null,
    paidAt: row.paid_at,
    thankYouDue: row.thank_you_due,
  };
}

const changed = (a: PaymentState, b: PaymentState): boolean => (Object.keys(a) as (keyof PaymentState)[]).some((k) => (a[k] instanceof Date ? (a[k] as Date).getTime() !== (b[k] as Date | null)?.getTime() : a[k] !== b[k]));

/**
 * Writes what `seen` says about its payment; the thank-you is marked queued in the same statement
 * the first time the payment becomes thankable (the caller then queues the email).
 */
export async function upsertPayment(trx: Tx, seen: PaymentObservation, keys: AddressKeys, now: Date): Promise<StoredPayment> {
  const first = firstPaymentState(seen);
  const address = seen.email ? addressColumns(keys, seen.email) : {};
  const thankNow = thankable(first);
  const inserted = (await trx('donation_payments')
    .insert({ stripe_id: seen.stripeId, kind: seen.kind, lang: seen.lang, ...stateColumns(first), ...address, thank_you_queued_at: thankNow ? now : null })
    .onConflict('stripe_id')
    .ignore()
    .returning('id')) as { id: string }[];
  if (inserted[0]) return { id: String(inserted[0].id), state: first, queueThankYou: thankNow };

  const row = await trx('donation_payments').where({ stripe_id: seen.stripeId }).forUpdate().first<PaymentDbRow>();
  if (!row) throw new Error('payment row vanished while locked');
  const current = stateOf(row);
  // An address erased on the donor's request is never brought back by a late event.
  const next = mergePayment(current, row.address_erased ? { ...seen, email: null } : seen);
  const queueThankYou = row.thank_you_queued_at === null && thankable(next);
  if (changed(current, next) || queueThankYou) {
    await trx('donation_payments')
      .where({ id: row.id })
      .update({ ...stateColumns(next), ...(current.hasEmail || row.address_erased ? {} : address), ...(queueThankYou ? { thank_you_queued_at: now } : {}) });
  }
  return { id: String(row.id), state: next, queueThankYou };
}

/** Is some donation paid with this PaymentIntent? (A refund of it then counts.) */
export async function hasPaymentIntent(trx: Tx, paymentIntent: string): Promise<boolean> {
  return (await trx('donation_payments').where({ payment_intent: paymentIntent }).first('id')) !== undefined;
}

/** The first payment a Checkout Session led to (the gift itself, or a subscription's first invoice). */
export async function findFirstPayment(db: Queryable, sessionId: string, intentId: string): Promise<{ status: PaymentState['status']; amountMinor: number } | undefined> {
  const row = await db('donation_payments')
    .where({ checkout_session_id: sessionId })
    .orWhere({ intent_id: intentId })
    .orderBy('id')
    .first<{ status: PaymentState['status']; amount_minor: number } | undefined>('status', 'amount_minor');
  return row && { status: row.status, amountMinor: row.amount_minor };
}

/** Erases the addresses of payments made before `before` (the keyed hash stays). */
export async function eraseAddressesBefore(db: Queryable, before: Date): Promise<number> {
  return db('donation_payments').whereNotNull('email_enc').where('created_at', '<', before).update({ email_enc: null });
}
