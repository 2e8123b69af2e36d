// donation_intents: one row per donate form submission (knex only).
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { Currency, Frequency } from './amounts.ts';

export interface NewIntent {
  readonly id: string;
  readonly campaign: string;
  readonly lang: Lang;
  readonly currency: Currency;
  readonly amountMinor: number;
  readonly frequency: Frequency;
  readonly createdAt: Date;
}

export interface IntentRow {
  readonly id: string;
  readonly lang: Lang;
  readonly currency: Currency;
  readonly amountMinor: number;
  readonly frequency: Frequency;
  readonly checkoutSessionId: string | null;
}

export async function insertIntent(db: Queryable, intent: NewIntent): Promise<void> {
  await db('donation_intents').insert({
    id: intent.id,
    campaign: intent.campaign,
    lang: intent.lang,
    currency: intent.currency,
    amount_minor: intent.amountMinor,
    frequency: intent.frequency,
    created_at: intent.createdAt,
  });
}

export async function setCheckoutSession(db: Queryable, intentId: string, sessionId: string): Promise<void> {
  await db('donation_intents').where({ id: intentId }).update({ checkout_session_id: sessionId });
}

export async function findIntentBySession(db: Queryable, sessionId: string): Promise<IntentRow | undefined> {
  const row = await db('donation_intents')
    .where({ checkout_session_id: sessionId })
    .first<{ id: string; lang: Lang; currency: Currency; amount_minor: number; frequency: Frequency; checkout_session_id: string | null } | undefined>('id', 'lang', 'currency', 'amount_minor', 'frequency', 'checkout_session_id');
  return row && { id: row.id, lang: row.lang, currency: row.currency, amountMinor: row.amount_minor, frequency: row.frequency, checkoutSessionId: row.checkout_session_id };
}

/** Intents older than `before` that never led to a payment (abandoned forms): nothing to keep. */
export async function deleteAbandonedIntents(db: Queryable, before: Date): Promise<number> {
  return db('donation_intents')
    .where('created_at', '<', before)
    .whereNotExists((q) => q.select(db.raw('1')).from('donation_payments').whereRaw('donation_payments.intent_id = donation_intents.id'))
    .whereNotExists((q) => q.select(db.raw('1')).from('donation_subscriptions').whereRaw('donation_subscriptions.intent_id = donation_intents.id'))
    .delete();
}
