// donation_subscriptions (knex only): monthly donations by their Stripe subscription id, merged as
// merge.ts says (each status report applies only if newer; ended states are final).
import type { Tx } from '../db/knex.ts';
import { firstSubscriptionState, mergeSubscription, type SubscriptionObservation, type SubscriptionState } from './merge.ts';

interface SubscriptionDbRow {
  status: string;
  status_at: string | number;
  status_rank: number;
  campaign: string | null;
  intent_id: string | null;
  currency: string | null;
  amount_minor: number | null;
  canceled_at: Date | null;
}

function columns(state: SubscriptionState) {
  return {
    status: state.status,
    status_at: state.statusAt,
    status_rank: state.statusRank,
    campaign: state.campaign,
    intent_id: state.intentId,
    currency: state.currency,
    amount_minor: state.amountMinor,
    canceled_at: state.canceledAt,
  };
}

function stateOf(row: SubscriptionDbRow): SubscriptionState {
  return { status: row.status, statusAt: Number(row.status_at), statusRank: row.status_rank, campaign: row.campaign, intentId: row.intent_id, currency: row.currency, amountMinor: row.amount_minor, canceledAt: row.canceled_at };
}

export async function upsertSubscription(trx: Tx, seen: SubscriptionObservation): Promise<SubscriptionState> {
  const first = firstSubscriptionState(seen);
  const inserted = (await trx('donation_subscriptions').insert({ id: seen.id, lang: seen.lang, ...columns(first) }).onConflict('id').ignore().returning('id')) as { id: string }[];
  if (inserted[0]) return first;
  const row = await trx('donation_subscriptions').where({ id: seen.id }).forUpdate().first<SubscriptionDbRow>();
  if (!row) throw new Error('subscription row vanished while locked');
  const current = stateOf(row);
  const next = mergeSubscription(current, seen);
  if (JSON.stringify(columns(next)) !== JSON.stringify(columns(current))) await trx('donation_subscriptions').where({ id: seen.id }).update(columns(next));
  return next;
}
