// The four languages of Dauys and their display names (each in its own language).
export const LANGS = ['en', 'ru', 'kk', 'pl'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'en';

export const LANG_NAMES: Record<Lang, string> = { en: 'English', ru: 'Русский', kk: 'Қазақша', pl: 'Polski' };

/** BCP 47 tags for Intl formatting. */
export const INTL_LOCALE: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU', kk: 'kk-KZ', pl: 'pl-PL' };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}
