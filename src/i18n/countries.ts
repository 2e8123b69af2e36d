// The ISO 3166-1 alpha-2 allowlist and country names in each language (i18n-iso-countries).
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { INTL_LOCALE, LANGS, type Lang } from './languages.ts';

const require = createRequire(import.meta.url);
for (const lang of LANGS) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`) as countries.LocaleData);

const CODES = new Set(Object.keys(countries.getAlpha2Codes()));

export function isCountryCode(value: string): boolean {
  return CODES.has(value);
}

export interface CountryOption {
  readonly code: string;
  readonly name: string;
}

const cache = new Map<Lang, CountryOption[]>();

/** Every country, named and sorted for the given language. */
export function countryOptions(lang: Lang): CountryOption[] {
  let options = cache.get(lang);
  if (!options) {
    const names = countries.getNames(lang, { select: 'official' });
    const collator = new Intl.Collator(INTL_LOCALE[lang]);
    options = [...CODES].map((code) => ({ code, name: names[code] ?? code })).sort((a, b) => collator.compare(a.name, b.name));
    cache.set(lang, options);
  }
  return options;
}

export function countryName(lang: Lang, code: string): string {
  return countries.getName(code, lang, { select: 'official' }) ?? code;
}
