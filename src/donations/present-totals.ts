// View model of the organisers' donations page: whether donations are on (and why not), the webhook to
// set up at Stripe, the totals by currency and by month, the webhook's events, and the goal form.
import type { Lang } from '../i18n/languages.ts';
import { INTL_LOCALE } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';
import { CURRENCIES, type Currency } from './amounts.ts';
import type { GoalField, GoalValues } from './goal.schema.ts';
import { goalProgress } from './goal-progress.ts';
import type { Totals, MonthTotals } from './load-totals.ts';
import { formatMoney } from './money.ts';
import { presentProgress, type ProgressView } from './present-donate.ts';
import { STRIPE_API_VERSION, type StripeSetup } from './stripe-client.ts';
import { HANDLED_EVENT_TYPES } from './stripe-events.ts';

export interface TotalsRowView {
  readonly label: string;
  readonly currency: string;
  readonly oneOff: string;
  readonly monthly: string;
  readonly refunds: string;
  readonly net: string;
}

const OFF_REASON = { 'no-secret-key': 'donations.admin.off.noSecretKey', 'no-webhook-secret': 'donations.admin.off.noWebhookSecret' } as const;

function row(lang: Lang, t: Translate, label: string, m: MonthTotals): TotalsRowView {
  const money = (minor: number) => formatMoney(lang, m.currency, minor);
  return {
    label,
    currency: m.currency,
    oneOff: t('donations.admin.totals.payments', { count: m.oneOffCount, amount: money(m.oneOffMinor) }),
    monthly: t('donations.admin.totals.payments', { count: m.monthlyCount, amount: money(m.monthlyMinor) }),
    refunds: t('donations.admin.totals.refunds', { count: m.refunds, amount: money(m.refundedMinor) }),
    net: money(m.netMinor),
  };
}

export function presentTotals(input: { lang: Lang; t: Translate; totals: Totals; stripe: StripeSetup; baseUrl: string }) {
  const { lang, t, totals } = input;
  const monthName = new Intl.DateTimeFormat(INTL_LOCALE[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    on: input.stripe.on,
    offReason: input.stripe.on ? '' : t(OFF_REASON[input.stripe.reason]),
    webhookUrl: `${input.baseUrl}/webhooks/stripe`,
    eventTypes: HANDLED_EVENT_TYPES,
    apiVersion: STRIPE_API_VERSION,
    currencies: totals.currencies.map((m) => row(lang, t, m.currency, m)),
    months: totals.months.map((m) => row(lang, t, monthName.format(new Date(`${m.month}-01T00:00:00Z`)), m)),
    active: totals.active.map((a) => ({ currency: a.currency, donors: t('donations.admin.totals.donors', { count: a.donors }), monthly: formatMoney(lang, a.currency === '?' ? 'EUR' : a.currency, a.monthlyMinor) })),
    events: totals.events,
  };
}

export interface GoalFormView {
  readonly values: GoalValues;
  readonly currencies: readonly { code: Currency; label: string; selected: boolean }[];
  readonly rates: readonly { code: Currency; field: GoalField; label: string; value: string }[];
  readonly errors: readonly { field: GoalField; message: string }[];
  readonly fieldErrors: Partial<Record<GoalField, string>>;
  readonly preview: ProgressView | undefined;
  readonly leftOut: string;
}

export function presentGoalForm(input: { lang: Lang; t: Translate; totals: Totals; values?: GoalValues; errors?: readonly { field: GoalField; key: string }[] }): GoalFormView {
  const { lang, t, totals } = input;
  const goal = totals.goal;
  const values: GoalValues = input.values ?? {
    enabled: goal?.enabled ?? false,
    currency: goal?.currency ?? 'EUR',
    amount: goal ? String(goal.amountMinor / 100) : '',
    rates: Object.fromEntries(CURRENCIES.map((c) => [c, goal?.rates[c] !== undefined ? String(goal.rates[c]) : ''])) as Record<Currency, string>,
  };
  const progress = goal ? goalProgress(goal, totals.net) : undefined;
  const errors = (input.errors ?? []).map((e) => ({ field: e.field, message: t(e.key) }));
  return {
    values,
    currencies: CURRENCIES.map((code) => ({ code, label: code, selected: values.currency === code })),
    // Every currency's rate, labelled without the goal's currency: the labels stay true whichever
    // currency the organiser chooses in the same form (the goal's own rate is ignored).
    rates: CURRENCIES.map((code) => ({ code, field: `rate${code}` as GoalField, label: t('donations.admin.goal.rate', { from: code }), value: values.rates[code] })),
    errors,
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
    preview: goal && progress ? presentProgress(lang, t, progress) : undefined,
    leftOut: progress && progress.leftOut.length > 0 ? t('donations.admin.goal.leftOut', { currencies: progress.leftOut.join(', ') }) : '',
  };
}
