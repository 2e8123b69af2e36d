// What the thank-you email job reads and writes (knex only).
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { PaymentKind } from './merge.ts';

export interface PaymentForEmail {
  readonly id: string;
  readonly kind: PaymentKind;
  readonly lang: Lang;
  readonly currency: string;
  readonly amountMinor: number;
  readonly emailEnc: Buffer | null;
  readonly subscriptionId: string | null;
}

export async function findPaymentForEmail(db: Queryable, id: string): Promise<PaymentForEmail | undefined> {
  const row = await db('donation_payments')
    .where({ id })
    .first<{ id: string; kind: PaymentKind; lang: Lang; currency: string; amount_minor: number; email_enc: Buffer | null; subscription_id: string | null } | undefined>('id', 'kind', 'lang', 'currency', 'amount_minor', 'email_enc', 'subscription_id');
  return row && { id: String(row.id), kind: row.kind, lang: row.lang, currency: row.currency, amountMinor: row.amount_minor, emailEnc: row.email_enc, subscriptionId: row.subscription_id };
}

export async function wasDelivered(db: Queryable, messageId: string): Promise<boolean> {
  return (await db('email_deliveries').where({ message_id: messageId }).first('message_id')) !== undefined;
}

export async function recordDelivery(db: Queryable, messageId: string): Promise<void> {
  await db('email_deliveries').insert({ message_id: messageId, kind: 'donation.thank-you' }).onConflict('message_id').ignore();
}
