// Every language has every key (with the plural forms its grammar needs) and the same {{variables}};
// every key is used somewhere in src/ or views/, and every key used there exists.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readLocale } from '../../src/i18n/i18n.ts';
import { LANGS, type Lang } from '../../src/i18n/languages.ts';

const PLURALS: Record<Lang, string[]> = { en: ['one', 'other'], kk: ['one', 'other'], ru: ['one', 'few', 'many', 'other'], pl: ['one', 'few', 'many', 'other'] };
const SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof value === 'string') out.set(prefix, value);
  else if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const vars = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort().join(',');
const locales = Object.fromEntries(LANGS.map((l) => [l, flatten(readLocale(l))])) as Record<Lang, Map<string, string>>;

/** Keys with their plural suffix removed, and for each the set of suffixes present. */
function bases(keys: Iterable<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of keys) {
    const m = key.match(SUFFIX);
    const base = m ? key.slice(0, -m[0].length) : key;
    const set = out.get(base) ?? new Set<string>();
    if (m?.[1]) set.add(m[1]);
    out.set(base, set);
  }
  return out;
}

function sourceText(dir: string): string {
  let text = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) text += sourceText(full);
    else if (/\.(ts|ejs)$/.test(entry.name)) text += fs.readFileSync(full, 'utf8');
  }
  return text;
}

describe('locales', () => {
  const english = bases(locales.en.keys());

  for (const lang of LANGS) {
    it(`${lang} has every key, with the plural forms ${PLURALS[lang].join('/')}`, () => {
      const mine = bases(locales[lang].keys());
      assert.deepEqual([...mine.keys()].sort(), [...english.keys()].sort());
      for (const [base, suffixes] of mine) {
        if (english.get(base)!.size === 0) assert.equal(suffixes.size, 0, `${lang}: ${base} is not a plural in English`);
        else assert.deepEqual([...suffixes].sort(), [...PLURALS[lang]].sort(), `${lang}: plural forms of ${base}`);
      }
    });

    it(`${lang} uses the same {{variables}} as English in every string`, () => {
      for (const [key, text] of locales[lang]) {
        const base = key.replace(SUFFIX, '');
        const englishKey = [...locales.en.keys()].find((k) => k === key || k.replace(SUFFIX, '') === base)!;
        const expected = vars(locales.en.get(englishKey)!);
        if (key.match(SUFFIX)) assert.equal(vars(text).replace('count', ''), expected.replace('count', ''), `${lang}: ${key}`);
        else assert.equal(vars(text), expected, `${lang}: ${key}`);
      }
    });

    it(`${lang} strings are not empty`, () => {
      for (const [key, text] of locales[lang]) assert.ok(text.trim().length > 0, `${lang}: ${key} is empty`);
    });
  }

  const code = sourceText('src') + sourceText('views');
  // Every namespace is a file in locales/en (common.json → "common."), so a new one is checked too.
  const namespaces = Object.keys(readLocale('en')).map((ns) => ns.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const keyPattern = new RegExp(`['"\`]((?:${namespaces.join('|')})\\.[\\w.]+)['"\`]`, 'g');
  // Strings that look like a key but are not one: a mail provider's domain (petitions/sign-petition.ts),
  // the audit action of an organiser's text edit (content/save-*-text.ts).
  const NOT_KEYS = new Set(['list.ru', 'content.edited']);
  const used = new Set([...code.matchAll(keyPattern)].map((m) => m[1]!).filter((k) => !NOT_KEYS.has(k)));

  it('every English key is used by the code or views', () => {
    const unused = [...english.keys()].filter((base) => {
      const top = base.replace(/\[\d+\].*$/, '');
      return ![...used].some((u) => u === base || u === top || top.startsWith(`${u}.`) || top.startsWith(`${u}[`));
    });
    assert.deepEqual(unused, []);
  });

  it('every key the code uses exists in English', () => {
    const known = new Set(english.keys());
    const isPrefix = (u: string) => [...known].some((k) => k.startsWith(`${u}.`) || k.startsWith(`${u}[`));
    const missing = [...used].filter((u) => !known.has(u) && !isPrefix(u));
    assert.deepEqual(missing, []);
  });
});
