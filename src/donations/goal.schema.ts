// The organisers' goal form: switched on or off, the goal's currency and amount (major units), and the
// rates that convert the other two currencies into the goal's (units of the goal currency for one unit
// of the other, e.g. 0.23 EUR for 1 PLN). A rate left empty leaves that currency out of the bar.
import { z } from 'zod';
import { CURRENCIES, isCurrency, parseAmount, type Currency } from './amounts.ts';
import type { Goal } from './goals.repo.ts';

export const GOAL_ERRORS = {
  currency: 'donations.admin.goal.errors.currency',
  amount: 'donations.admin.goal.errors.amount',
  rate: 'donations.admin.goal.errors.rate',
} as const;

export type GoalField = 'currency' | 'amount' | `rate${Currency}`;

export interface GoalValues {
  readonly enabled: boolean;
  readonly currency: string;
  readonly amount: string;
  readonly rates: Readonly<Record<Currency, string>>;
}

const MAX_GOAL_MINOR = 100_000_000_00;
const RATE = /^\d{1,4}(?:[.,]\d{1,6})?$/;

const text = z.string().max(32).optional().transform((v) => (v ?? '').trim());
const schema = z.object({ enabled: text, currency: text, amount: text, rateEUR: text, ratePLN: text, rateUSD: text });

export function goalValues(body: Record<string, unknown>): GoalValues {
  const parsed = schema.safeParse(body);
  const f = parsed.success ? parsed.data : { enabled: '', currency: '', amount: '', rateEUR: '', ratePLN: '', rateUSD: '' };
  return { enabled: f.enabled === 'on', currency: f.currency, amount: f.amount, rates: { EUR: f.rateEUR, PLN: f.ratePLN, USD: f.rateUSD } };
}

export function parseGoalForm(values: GoalValues): { ok: true; goal: Goal } | { ok: false; errors: { field: GoalField; key: string }[] } {
  const errors: { field: GoalField; key: string }[] = [];
  const currency = isCurrency(values.currency) ? values.currency : undefined;
  if (!currency) errors.push({ field: 'currency', key: GOAL_ERRORS.currency });
  const minor = parseAmount(values.amount);
  if (minor === undefined || minor <= 0 || minor > MAX_GOAL_MINOR) errors.push({ field: 'amount', key: GOAL_ERRORS.amount });
  const rates: Record<string, number> = {};
  for (const other of CURRENCIES) {
    const typed = values.rates[other];
    if (other === currency || typed === '') continue;
    const rate = RATE.test(typed) ? Number(typed.replace(',', '.')) : Number.NaN;
    if (!(rate > 0)) errors.push({ field: `rate${other}`, key: GOAL_ERRORS.rate });
    else rates[other] = rate;
  }
  if (errors.length > 0 || !currency || minor === undefined) return { ok: false, errors };
  return { ok: true, goal: { enabled: values.enabled, currency, amountMinor: minor, rates } };
}
