// View models of the donate pages: the form (presets of the chosen currency, another amount, once or
// monthly), its errors, the currency links and the progress bar.
import type { Lang } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';
import { CURRENCIES, FREQUENCIES, RULES, type Currency, type Frequency } from './amounts.ts';
import type { DonateError, DonateField, DonateValues } from './donate.schema.ts';
import type { GoalProgress } from './goal-progress.ts';
import { formatMoney } from './money.ts';

export const CURRENCY_NAME: Readonly<Record<Currency, string>> = { EUR: 'donations.currencies.EUR', PLN: 'donations.currencies.PLN', USD: 'donations.currencies.USD' };
const FREQUENCY_LABEL: Readonly<Record<Frequency, string>> = { once: 'donations.form.frequency.once', monthly: 'donations.form.frequency.monthly' };

export interface Choice {
  readonly id: string;
  readonly value: string;
  readonly label: string;
  readonly checked: boolean;
}

export interface ProgressView {
  readonly raised: number;
  readonly goal: number;
  readonly label: string;
  readonly note: string;
}

export interface DonateFormView {
  readonly currency: Currency;
  readonly currencyName: string;
  readonly currencyLinks: readonly { code: Currency; label: string; href: string; current: boolean }[];
  readonly frequencies: readonly Choice[];
  readonly presets: readonly Choice[];
  readonly other: Choice;
  readonly custom: string;
  readonly customHint: string;
  readonly errors: readonly { field: DonateField; message: string }[];
  readonly fieldErrors: Partial<Record<DonateField, string>>;
}

export interface PresentInput {
  readonly lang: Lang;
  readonly t: Translate;
  readonly currency: Currency;
  readonly frequency: Frequency;
  /** The visitor's values (after a failed submit), or undefined for a fresh form. */
  readonly values?: DonateValues;
  readonly errors?: readonly DonateError[];
}

export function presentDonateForm(input: PresentInput): DonateFormView {
  const { lang, t, currency } = input;
  const rules = RULES[currency];
  const money = (major: number) => formatMoney(lang, currency, major * 100);
  const presetValues = rules.presets.map(String);
  const chosen = input.values ? input.values.amount : String(rules.defaultPreset);
  const otherChosen = chosen !== '' && !presetValues.includes(chosen);
  const custom = input.values ? (input.values.amount === 'other' ? input.values.custom : otherChosen ? chosen : '') : '';
  const frequency = input.values && (FREQUENCIES as readonly string[]).includes(input.values.frequency) ? input.values.frequency : input.frequency;
  const errors = (input.errors ?? []).map((e) => ({
    field: e.field,
    message: t(e.key, e.vars ? { min: e.vars.min !== undefined ? money(e.vars.min) : '', max: e.vars.max !== undefined ? money(e.vars.max) : '' } : undefined),
  }));
  return {
    currency,
    currencyName: t(CURRENCY_NAME[currency]),
    currencyLinks: CURRENCIES.map((code) => ({ code, label: t(CURRENCY_NAME[code]), href: `/${lang}/donate?currency=${code}${frequency === 'monthly' ? '&frequency=monthly' : ''}`, current: code === currency })),
    frequencies: FREQUENCIES.map((value, i) => ({ id: i === 0 ? 'frequency' : `frequency-${value}`, value, label: t(FREQUENCY_LABEL[value]), checked: value === frequency })),
    presets: rules.presets.map((major, i) => ({ id: i === 0 ? 'amount' : `amount-${i + 1}`, value: String(major), label: money(major), checked: chosen === String(major) })),
    other: { id: 'amount-other', value: 'other', label: t('donations.form.otherAmount'), checked: otherChosen },
    custom,
    customHint: t('donations.form.customHint', { min: money(rules.min), max: money(rules.max) }),
    errors,
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
  };
}

export function presentProgress(lang: Lang, t: Translate, progress: GoalProgress): ProgressView {
  const money = (minor: number) => formatMoney(lang, progress.currency, Math.round(minor / 100) * 100);
  return {
    raised: Math.min(progress.raisedMinor, progress.goalMinor),
    goal: progress.goalMinor,
    label: t('donations.goal.label', { raised: money(progress.raisedMinor), goal: money(progress.goalMinor) }),
    note: progress.converted ? t('donations.goal.convertedNote', { currency: progress.currency }) : t('donations.goal.netNote'),
  };
}

/** The amount of a donation as a sentence part: "25 €" or "25 € a month". */
export function presentAmount(lang: Lang, t: Translate, currency: string, minor: number, frequency: Frequency): string {
  const amount = formatMoney(lang, currency, minor);
  return frequency === 'monthly' ? t('donations.amountMonthly', { amount }) : amount;
}
