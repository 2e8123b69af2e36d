// donation_goals (knex only): the public fundraising goal organisers may switch on, per campaign.
import type { Queryable } from '../db/knex.ts';
import type { Currency } from './amounts.ts';

export interface Goal {
  readonly enabled: boolean;
  readonly currency: Currency;
  readonly amountMinor: number;
  /** Units of the goal currency per unit of another currency (e.g. PLN: 0.23 for a EUR goal). */
  readonly rates: Readonly<Record<string, number>>;
}

export async function findGoal(db: Queryable, campaign: string): Promise<Goal | undefined> {
  const row = await db('donation_goals').where({ campaign }).first<{ enabled: boolean; currency: Currency; amount_minor: string; rates: Record<string, unknown> } | undefined>('enabled', 'currency', 'amount_minor', 'rates');
  if (!row) return undefined;
  const rates = Object.fromEntries(Object.entries(row.rates).filter(([, v]) => typeof v === 'number' && Number.isFinite(v) && v > 0)) as Record<string, number>;
  return { enabled: row.enabled, currency: row.currency, amountMinor: Number(row.amount_minor), rates };
}

export async function saveGoal(db: Queryable, campaign: string, goal: Goal, now: Date): Promise<void> {
  const row = { campaign, enabled: goal.enabled, currency: goal.currency, amount_minor: goal.amountMinor, rates: JSON.stringify(goal.rates), updated_at: now };
  await db('donation_goals').insert(row).onConflict('campaign').merge();
}
