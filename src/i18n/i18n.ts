// i18next set-up: every string lives in locales/<lang>/<page>.json and is addressed as "<page>.<key>".
// Plurals follow each language's CLDR rules (ru and pl: one/few/many/other; kk and en: one/other).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LANGS, type Lang } from './languages.ts';

export type { TFunction };
export type Translate = TFunction;

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');

export type Resources = Record<string, Record<string, unknown>>;

export function readLocale(lang: Lang, dir = LOCALES_DIR): Resources {
  const folder = path.join(dir, lang);
  const resources: Resources = {};
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    resources[path.basename(file, '.json')] = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as Record<string, unknown>;
  }
  return resources;
}

export function createI18n(): i18n {
  const instance = i18next.createInstance();
  const resources = Object.fromEntries(LANGS.map((lang) => [lang, { translation: readLocale(lang) }]));
  void instance.init({
    initAsync: false,
    resources,
    lng: 'en',
    fallbackLng: false,
    supportedLngs: [...LANGS],
    interpolation: { escapeValue: false }, // EJS escapes on output; values are never inserted as HTML
    returnNull: false,
  });
  return instance;
}

const translators = new WeakMap<i18n, Map<Lang, Translate>>();

/** Counted lookups remembered per language before the memory is started again (a count is never personal data). */
const COUNTED_MEMORY = 2000;

/** The options of a lookup when all of them are numbers (a count, a minimum…), as a memory key; else undefined. */
function numericKey(options: object): string | undefined {
  let key = '';
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== 'number') return undefined;
    key += `\u0000${name}=${value}`;
  }
  return key;
}

/**
 * The translator for one language, made once per language. It calls instance.t with `lng` set rather
 * than using getFixedT: in i18next 26 every call of a getFixedT function copies all of the instance's
 * options, which measured about half the cost of rendering an email. Plain lookups (no options) are
 * remembered, and so are lookups whose options are all numbers (a plural's count: i18next took ~50 µs
 * for one, a tenth of the letter drafts page's CPU), up to COUNTED_MEMORY of them: the resources are
 * loaded once at start-up and never change. Lookups with text values (names) are never remembered.
 */
export function translatorFor(instance: i18n, lang: Lang): Translate {
  let byLang = translators.get(instance);
  if (!byLang) translators.set(instance, (byLang = new Map()));
  let t = byLang.get(lang);
  if (!t) {
    const plain = new Map<string, string>();
    const counted = new Map<string, string>();
    const translate = (key: string | string[], options?: unknown): string => {
      if (options === undefined && typeof key === 'string') {
        let text = plain.get(key);
        if (text === undefined) plain.set(key, (text = instance.t(key, { lng: lang })));
        return text;
      }
      const given = options && typeof options === 'object' ? options : {};
      const numeric = typeof key === 'string' ? numericKey(given) : undefined;
      if (numeric === undefined) return instance.t(key, { ...given, lng: lang });
      const memoryKey = `${key as string}${numeric}`;
      let text = counted.get(memoryKey);
      if (text === undefined) {
        if (counted.size >= COUNTED_MEMORY) counted.clear();
        counted.set(memoryKey, (text = instance.t(key, { ...given, lng: lang })));
      }
      return text;
    };
    byLang.set(lang, (t = translate as unknown as Translate));
  }
  return t;
}
