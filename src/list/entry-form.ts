// The organisers' entry form: flat fields (names, category, position/institution/summary per language,
// sources as lines "date | title | link") read into EntryContent, with a translated error per field.
import { z } from 'zod';
import { LANGS, type Lang } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';
import { CATEGORIES, type Category } from './categories.ts';
import type { EntryContent, EntrySource } from './entry.ts';
import { SLUG } from './entry.schema.ts';

export const TEXT_FIELDS = ['position', 'institution', 'summary'] as const;
export const TEXT_MAX = { position: 300, institution: 300, summary: 5000 } as const;
export const SOURCES_MAX = 30;

/** The form's values as typed (shown again on an error). */
export type EntryFormValues = Record<string, string>;

export interface FormError {
  readonly field: string;
  readonly message: string;
}

const clean = (value: unknown) => (typeof value === 'string' ? value.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim() : '');

export function formValuesOf(body: Record<string, unknown>): EntryFormValues {
  const names = ['slug', 'nameOriginal', 'nameLatin', 'nameCyrillic', 'category', 'sources', 'note', ...LANGS.flatMap((l) => TEXT_FIELDS.map((f) => `${f}_${l}`))];
  return Object.fromEntries(names.map((n) => [n, clean(body[n]).slice(0, n === 'sources' ? 20_000 : 6000)]));
}

export function formValuesFromContent(slug: string, content: EntryContent): EntryFormValues {
  const values: EntryFormValues = { slug, nameOriginal: content.names.original, nameLatin: content.names.latin, nameCyrillic: content.names.cyrillic, category: content.category, note: '' };
  for (const lang of LANGS) for (const f of TEXT_FIELDS) values[`${f}_${lang}`] = content.texts[lang]?.[f] ?? '';
  values.sources = content.sources.map((s) => [s.date ?? '', s.title, s.url ?? ''].join(' | ')).join('\n');
  return values;
}

const isDate = (v: string) => z.iso.date().safeParse(v).success;
const isUrl = (v: string) => v.length <= 1000 && z.url({ protocol: /^https?$/ }).safeParse(v).success;

function parseSources(text: string, t: Translate): { sources: EntrySource[]; error?: string } {
  const sources: EntrySource[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length > SOURCES_MAX) return { sources, error: t('list.admin.errors.tooManySources', { count: SOURCES_MAX }) };
  for (const [i, line] of lines.entries()) {
    const parts = line.split('|').map((p) => p.trim());
    let date = '';
    let title = '';
    let url = '';
    if (parts.length === 1) title = parts[0]!;
    else if (parts.length === 2 && (parts[0] === '' || isDate(parts[0]!))) [date, title] = [parts[0]!, parts[1]!];
    else if (parts.length === 2) [title, url] = [parts[0]!, parts[1]!];
    else if (parts.length === 3) [date, title, url] = [parts[0]!, parts[1]!, parts[2]!];
    if (parts.length > 3 || title === '' || title.length > 500) return { sources, error: t('list.admin.errors.sourceLine', { line: i + 1 }) };
    if (date !== '' && !isDate(date)) return { sources, error: t('list.admin.errors.sourceDate', { line: i + 1 }) };
    if (url !== '' && !isUrl(url)) return { sources, error: t('list.admin.errors.sourceUrl', { line: i + 1 }) };
    sources.push({ title, url: url || null, date: date || null });
  }
  return { sources };
}

export type ParsedEntryForm = { ok: true; slug: string; content: EntryContent; note: string } | { ok: false; errors: FormError[] };

export function parseEntryForm(values: EntryFormValues, t: Translate): ParsedEntryForm {
  const errors: FormError[] = [];
  if (!SLUG.test(values.slug ?? '') || values.slug!.length > 80) errors.push({ field: 'slug', message: t('list.admin.errors.slug') });
  for (const [field, key] of [['nameOriginal', 'list.admin.errors.nameOriginal'], ['nameLatin', 'list.admin.errors.nameLatin'], ['nameCyrillic', 'list.admin.errors.nameCyrillic']] as const) {
    const value = values[field] ?? '';
    if (value === '' || value.length > 200) errors.push({ field, message: t(key) });
  }
  if (!(CATEGORIES as readonly string[]).includes(values.category ?? '')) errors.push({ field: 'category', message: t('list.admin.errors.category') });
  const texts: Partial<Record<Lang, { position: string; institution: string; summary: string }>> = {};
  for (const lang of LANGS) {
    const text = { position: values[`position_${lang}`] ?? '', institution: values[`institution_${lang}`] ?? '', summary: values[`summary_${lang}`] ?? '' };
    for (const f of TEXT_FIELDS) if (text[f].length > TEXT_MAX[f]) errors.push({ field: `${f}_${lang}`, message: t('list.admin.errors.tooLong', { count: TEXT_MAX[f] }) });
    if (text.position || text.institution || text.summary) texts[lang] = text;
  }
  const { sources, error } = parseSources(values.sources ?? '', t);
  if (error) errors.push({ field: 'sources', message: error });
  if ((values.note ?? '').length > 1000) errors.push({ field: 'note', message: t('list.admin.errors.tooLong', { count: 1000 }) });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    slug: values.slug!,
    content: { names: { original: values.nameOriginal!, latin: values.nameLatin!, cyrillic: values.nameCyrillic! }, category: values.category as Category, texts, sources },
    note: values.note ?? '',
  };
}
