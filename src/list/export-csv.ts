// The published list as CSV (csv-stringify), one row per entry, every language's texts in columns. Cells
// that a spreadsheet would run as a formula (starting with = + - @, a tab, CR or NUL) get a leading
// apostrophe (OWASP ASVS 1.2.10), so an entry's text can never run in an organiser's or a reader's copy.
import { stringify } from 'csv-stringify/sync';
import { LANGS } from '../i18n/languages.ts';
import { CATEGORY_ENGLISH } from './categories.ts';
import type { PublishedEntry } from './entries.repo.ts';

const FORMULA = /^[=+\-@\t\r\0]/;

export function safeCell(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

export const CSV_COLUMNS = [
  'slug', 'name_original', 'name_latin', 'name_cyrillic', 'category',
  ...LANGS.flatMap((l) => [`position_${l}`, `institution_${l}`, `summary_${l}`]),
  'sources', 'version', 'published_at', 'status',
];

export function listCsv(entries: readonly PublishedEntry[]): string {
  const rows = entries.map(({ slug, version: v, publishedAt }) => [
    slug, v.names.original, v.names.latin, v.names.cyrillic, CATEGORY_ENGLISH[v.category],
    ...LANGS.flatMap((l) => [v.texts[l]?.position ?? '', v.texts[l]?.institution ?? '', v.texts[l]?.summary ?? '']),
    v.sources.map((s) => [s.date, s.title, s.url].filter(Boolean).join(' · ')).join('\n'),
    String(v.number),
    publishedAt.toISOString(),
    'proposal (with sources, not a finding)',
  ]);
  return stringify([CSV_COLUMNS, ...rows].map((row) => row.map((cell) => safeCell(String(cell)))), { bom: true, record_delimiter: 'windows' });
}
