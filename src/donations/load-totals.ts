// Use-case: the organisers' totals. By month (UTC) and currency: one-off and monthly payments, refunds
// and the net; by currency over all time, with the active monthly donors; how the webhook's events went.
import type { DonationDeps } from './donation-deps.ts';
import { countEventsByOutcome, type EventOutcome } from './events.repo.ts';
import { findGoal, type Goal } from './goals.repo.ts';
import { activeMonthly, netByCurrency, paymentTotals, refundTotals, type ActiveMonthly } from './totals.repo.ts';

export interface MonthTotals {
  readonly month: string;
  readonly currency: string;
  readonly oneOffCount: number;
  readonly oneOffMinor: number;
  readonly monthlyCount: number;
  readonly monthlyMinor: number;
  readonly refunds: number;
  readonly refundedMinor: number;
  readonly netMinor: number;
}

export interface Totals {
  /** Newest month first, then by currency. */
  readonly months: readonly MonthTotals[];
  /** All time, per currency (the same columns, month left empty). */
  readonly currencies: readonly MonthTotals[];
  readonly active: readonly ActiveMonthly[];
  readonly events: Readonly<Record<EventOutcome, number>>;
  readonly net: Readonly<Record<string, number>>;
  readonly goal: Goal | undefined;
}

const empty = (month: string, currency: string): MonthTotals => ({ month, currency, oneOffCount: 0, oneOffMinor: 0, monthlyCount: 0, monthlyMinor: 0, refunds: 0, refundedMinor: 0, netMinor: 0 });

function add(into: Map<string, MonthTotals>, key: string, month: string, currency: string, change: Partial<MonthTotals>): void {
  const row = into.get(key) ?? empty(month, currency);
  const next = { ...row } as Record<string, number | string>;
  for (const [k, v] of Object.entries(change)) next[k] = (row[k as keyof MonthTotals] as number) + (v as number);
  into.set(key, next as unknown as MonthTotals);
}

export async function loadTotals(deps: DonationDeps): Promise<Totals> {
  const [payments, refunds, active, events, net, goal] = await Promise.all([paymentTotals(deps.db), refundTotals(deps.db), activeMonthly(deps.db), countEventsByOutcome(deps.db), netByCurrency(deps.db), findGoal(deps.db, deps.campaign)]);
  const months = new Map<string, MonthTotals>();
  const currencies = new Map<string, MonthTotals>();
  for (const p of payments) {
    const change = p.kind === 'one_off' ? { oneOffCount: p.payments, oneOffMinor: p.grossMinor, netMinor: p.grossMinor } : { monthlyCount: p.payments, monthlyMinor: p.grossMinor, netMinor: p.grossMinor };
    add(months, `${p.month}:${p.currency}`, p.month, p.currency, change);
    add(currencies, p.currency, '', p.currency, change);
  }
  for (const r of refunds) {
    const change = { refunds: r.refunds, refundedMinor: r.refundedMinor, netMinor: -r.refundedMinor };
    add(months, `${r.month}:${r.currency}`, r.month, r.currency, change);
    add(currencies, r.currency, '', r.currency, change);
  }
  const byMonth = [...months.values()].sort((a, b) => b.month.localeCompare(a.month) || a.currency.localeCompare(b.currency));
  const byCurrency = [...currencies.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  return { months: byMonth, currencies: byCurrency, active, events, net, goal };
}
