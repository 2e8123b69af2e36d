// The content of an entry version, checked the same way whether it comes from the default content file or
// from an organiser's form: names, category, texts per language (a draft may leave some empty), sources.
import { z } from 'zod';
import { LANGS, type Lang } from '../i18n/languages.ts';
import { CATEGORIES } from './categories.ts';
import type { EntryContent } from './entry.ts';

const clean = (value: string) => value.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
const line = (max: number) => z.string().transform(clean).pipe(z.string().max(max));
const required = (max: number) => z.string().transform(clean).pipe(z.string().min(1).max(max));

export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const text = z.object({ position: line(300), institution: line(300), summary: line(5000) });
const source = z.object({
  title: required(500),
  url: z.string().url({ protocol: /^https?$/ }).max(1000).nullable(),
  date: z.iso.date().nullable(),
});

export const entryFileSchema = z.object({
  slug: z.string().regex(SLUG).max(80),
  note: line(1000).default(''),
  names: z.object({ original: required(200), latin: required(200), cyrillic: required(200) }),
  category: z.enum(CATEGORIES),
  texts: z.partialRecord(z.enum(LANGS), text),
  sources: z.array(source).max(30),
});

export type EntryFile = z.infer<typeof entryFileSchema>;

export function contentOf(file: EntryFile): EntryContent {
  const texts: Partial<Record<Lang, { position: string; institution: string; summary: string }>> = {};
  for (const lang of LANGS) {
    const t = file.texts[lang];
    if (t && (t.position || t.institution || t.summary)) texts[lang] = t;
  }
  return { names: file.names, category: file.category, texts, sources: file.sources };
}
