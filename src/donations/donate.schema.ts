// The donate form: fields `amount` (a preset in major units, or "other"), `custom` (the amount typed when
// "other" is chosen), `currency` (EUR, PLN, USD) and `frequency` (once, monthly). A partner's form may post
// any `amount` in major units directly. Each problem maps to a translation key and the field it is about.
import { z } from 'zod';
import { checkBounds, CURRENCIES, FREQUENCIES, parseAmount, RULES, type Currency, type Frequency } from './amounts.ts';

export const DONATE_ERRORS = {
  chooseAmount: 'donations.errors.chooseAmount',
  notANumber: 'donations.errors.notANumber',
  tooSmall: 'donations.errors.tooSmall',
  tooLarge: 'donations.errors.tooLarge',
  currency: 'donations.errors.currency',
  frequency: 'donations.errors.frequency',
} as const;

export interface DonateForm {
  readonly currency: Currency;
  readonly frequency: Frequency;
  readonly amountMinor: number;
}

/** The submitted values as typed, to put back into the form. */
export interface DonateValues {
  readonly amount: string;
  readonly custom: string;
  readonly currency: string;
  readonly frequency: string;
}

export type DonateField = 'amount' | 'custom' | 'currency' | 'frequency';

export interface DonateError {
  readonly field: DonateField;
  readonly key: (typeof DONATE_ERRORS)[keyof typeof DONATE_ERRORS];
  /** Interpolation values (the bounds, in major units, with their currency). */
  readonly vars?: { readonly min?: number; readonly max?: number; readonly currency?: Currency };
}

const text = z.string().max(64).optional().transform((v) => (v ?? '').trim());
const fieldsSchema = z.object({ amount: text, custom: text, currency: text, frequency: text });

const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 64) : '');

export function donateValues(body: Record<string, unknown>): DonateValues {
  return { amount: str(body.amount), custom: str(body.custom), currency: str(body.currency), frequency: str(body.frequency) };
}

function amountErrors(typed: string, field: DonateField, currency: Currency | undefined): { minor?: number; error?: DonateError } {
  if (typed === '') return { error: { field, key: DONATE_ERRORS.chooseAmount } };
  const minor = parseAmount(typed);
  if (minor === undefined) return { error: { field, key: DONATE_ERRORS.notANumber } };
  if (!currency) return { minor };
  const problem = checkBounds(currency, minor);
  const bounds = { min: RULES[currency].min, max: RULES[currency].max, currency };
  if (problem === 'too-small') return { error: { field, key: DONATE_ERRORS.tooSmall, vars: bounds } };
  if (problem === 'too-large') return { error: { field, key: DONATE_ERRORS.tooLarge, vars: bounds } };
  return { minor };
}

export function parseDonateForm(body: Record<string, unknown>): { ok: true; value: DonateForm } | { ok: false; errors: DonateError[] } {
  const parsed = fieldsSchema.safeParse(body);
  // Non-strings (a repeated field) are read as nothing typed: each field then gets its own message.
  const fields = parsed.success ? parsed.data : { amount: '', custom: '', currency: '', frequency: '' };
  const errors: DonateError[] = [];
  const currency = (CURRENCIES as readonly string[]).includes(fields.currency.toUpperCase()) ? (fields.currency.toUpperCase() as Currency) : undefined;
  const frequency = fields.frequency === '' ? 'once' : (FREQUENCIES as readonly string[]).includes(fields.frequency) ? (fields.frequency as Frequency) : undefined;
  const other = fields.amount === 'other';
  const amount = amountErrors(other ? fields.custom : fields.amount, other ? 'custom' : 'amount', currency);
  if (amount.error) errors.push(amount.error);
  if (!currency) errors.push({ field: 'currency', key: DONATE_ERRORS.currency });
  if (!frequency) errors.push({ field: 'frequency', key: DONATE_ERRORS.frequency });
  if (errors.length > 0 || !currency || !frequency || amount.minor === undefined) return { ok: false, errors };
  return { ok: true, value: { currency, frequency, amountMinor: amount.minor } };
}
