// Stop links of monthly donations (knex only): token hashes → their subscription.
import type { Queryable } from '../db/knex.ts';

export interface StoppableSubscription {
  readonly id: string;
  readonly status: string;
  readonly currency: string | null;
  readonly amountMinor: number | null;
}

export async function insertStopToken(db: Queryable, hash: Buffer, subscriptionId: string): Promise<void> {
  await db('donation_stop_tokens').insert({ hash, subscription_id: subscriptionId });
}

export async function findSubscriptionByToken(db: Queryable, hash: Buffer): Promise<StoppableSubscription | undefined> {
  const row = await db('donation_stop_tokens as t')
    .join('donation_subscriptions as s', 's.id', 't.subscription_id')
    .where('t.hash', hash)
    .first<{ id: string; status: string; currency: string | null; amount_minor: number | null } | undefined>('s.id', 's.status', 's.currency', 's.amount_minor');
  return row && { id: row.id, status: row.status, currency: row.currency, amountMinor: row.amount_minor };
}
