// Amounts shown to people: minor units → "25 €", "100 zł", "$25.50", in each language's own way.
import { INTL_LOCALE, type Lang } from '../i18n/languages.ts';

const formats = new Map<string, Intl.NumberFormat>();

function formatter(lang: Lang, currency: string, whole: boolean): Intl.NumberFormat {
  const key = `${lang}:${currency}:${whole}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'currency', currency, ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : { minimumFractionDigits: 2 }) });
    formats.set(key, format);
  }
  return format;
}

/** Whole amounts without decimals (25 €), others with two (25,50 €). */
export function formatMoney(lang: Lang, currency: string, minor: number): string {
  const whole = minor % 100 === 0;
  return formatter(lang, currency, whole).format(minor / 100);
}
