// Currencies, preset amounts and bounds, and the parsing of a typed amount into minor units (cents,
// grosze) without floating point. Bounds are in major units, as people type them.
import type { Lang } from '../i18n/languages.ts';

export const CURRENCIES = ['EUR', 'PLN', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const FREQUENCIES = ['once', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface CurrencyRules {
  /** Suggested amounts, in major units. */
  readonly presets: readonly number[];
  /** The preset chosen when the page opens. */
  readonly defaultPreset: number;
  /** Smallest and largest amounts accepted, in major units (Stripe's own minimum is lower). */
  readonly min: number;
  readonly max: number;
}

// Every currency here has two decimal places (Stripe: amounts in the smallest unit, ×100).
export const RULES: Readonly<Record<Currency, CurrencyRules>> = {
  EUR: { presets: [10, 25, 50, 100], defaultPreset: 25, min: 2, max: 5000 },
  USD: { presets: [10, 25, 50, 100], defaultPreset: 25, min: 2, max: 5000 },
  PLN: { presets: [40, 100, 200, 400], defaultPreset: 100, min: 10, max: 20000 },
};

/**
 * The currency a page suggests: złoty in Polish; euro in English (the campaign addresses the European
 * Parliament and its readers are mostly in the EU); US dollars in Russian and Kazakh, whose readers are
 * mostly in Kazakhstan and Central Asia, where foreign payments are usually made or converted in dollars.
 * The visitor can always choose another.
 */
export const SUGGESTED_CURRENCY: Readonly<Record<Lang, Currency>> = { en: 'EUR', pl: 'PLN', ru: 'USD', kk: 'USD' };

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && (CURRENCIES as readonly string[]).includes(value);
}

export function isFrequency(value: unknown): value is Frequency {
  return typeof value === 'string' && (FREQUENCIES as readonly string[]).includes(value);
}

// Digits, with an optional decimal part of one or two digits after a point or a comma (ru, kk and pl
// write 25,50). Spaces, no-break spaces and thin spaces between groups of thousands are allowed.
const AMOUNT = /^(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,9})(?:[.,](\d{1,2}))?$/;

/** A typed amount in major units → minor units, or undefined if it is not a plain positive amount. */
export function parseAmount(typed: string): number | undefined {
  const match = AMOUNT.exec(typed.trim());
  if (!match) return undefined;
  const whole = Number(match[1]!.replace(/[ \u00a0\u202f]/g, ''));
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const minor = whole * 100 + fraction;
  return Number.isSafeInteger(minor) ? minor : undefined;
}

export type AmountProblem = 'not-a-number' | 'too-small' | 'too-large';

/** Checks minor units against a currency's bounds. */
export function checkBounds(currency: Currency, minor: number): AmountProblem | undefined {
  if (minor < RULES[currency].min * 100) return 'too-small';
  if (minor > RULES[currency].max * 100) return 'too-large';
  return undefined;
}

/** Stripe's lower-case ISO code. */
export const stripeCurrency = (currency: Currency): string => currency.toLowerCase();
