// The app's own translations, so the browser tests look for the exact words each language shows.
import { createI18n } from '../../../src/i18n/i18n.ts';
import type { Lang } from './browser.ts';

const i18n = createI18n();

/** A translated string, e.g. tr('ru', 'petitions.form.submit'). Throws if the key is missing. */
export function tr(lang: Lang, key: string, options?: Record<string, unknown>): string {
  const value = String(i18n.getFixedT(lang)(key, options ?? {}));
  if (value === key || value === '') throw new Error(`no ${lang} translation for ${key}`);
  return value;
}
