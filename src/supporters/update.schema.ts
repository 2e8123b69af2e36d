// The compose form: a subject and a Markdown body per language (a language left empty is not sent),
// and what signers whose language is missing get.
import { z } from 'zod';
import { LANGS, type Lang } from '../i18n/languages.ts';
import type { Fallback, UpdateText } from './updates.repo.ts';

export const SUBJECT_MAX = 200;
export const BODY_MAX = 20_000;

export type UpdateFormValues = Record<string, string>;

export interface FormError {
  readonly field: string;
  /** A translation key. */
  readonly key: string;
}

const text = (max: number) => z.string().max(max * 2).transform((s) => s.normalize('NFC').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim());

export const fieldNames = (lang: Lang) => ({ subject: `subject_${lang}`, body: `body_${lang}` });

/** The form's values as strings (what is shown again on a 422). */
export function updateFormValues(body: Record<string, unknown>): UpdateFormValues {
  const names = ['fallback', ...LANGS.flatMap((l) => Object.values(fieldNames(l)))];
  return Object.fromEntries(names.map((n) => [n, typeof body[n] === 'string' ? (body[n] as string) : '']));
}

export type ParsedUpdate = { ok: true; fallback: Fallback; texts: UpdateText[] } | { ok: false; errors: FormError[] };

export function parseUpdateForm(values: UpdateFormValues): ParsedUpdate {
  const errors: FormError[] = [];
  const texts: UpdateText[] = [];
  for (const lang of LANGS) {
    const names = fieldNames(lang);
    const subject = text(SUBJECT_MAX).safeParse(values[names.subject] ?? '');
    const body = text(BODY_MAX).safeParse(values[names.body] ?? '');
    const s = subject.success ? subject.data : '';
    const b = body.success ? body.data : '';
    if (!subject.success || s.length > SUBJECT_MAX) errors.push({ field: names.subject, key: 'supporters.form.errors.subjectTooLong' });
    else if (!body.success || b.length > BODY_MAX) errors.push({ field: names.body, key: 'supporters.form.errors.bodyTooLong' });
    else if (s && !b) errors.push({ field: names.body, key: 'supporters.form.errors.bodyMissing' });
    else if (b && !s) errors.push({ field: names.subject, key: 'supporters.form.errors.subjectMissing' });
    else if (s && b) texts.push({ lang, subject: s, body: b });
  }
  const fallback = values.fallback === 'none' ? 'none' : values.fallback === 'english' ? 'english' : undefined;
  if (!fallback) errors.push({ field: 'fallback-english', key: 'supporters.form.errors.fallback' });
  if (errors.length === 0 && texts.length === 0) errors.push({ field: fieldNames('en').subject, key: 'supporters.form.errors.empty' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, fallback: fallback!, texts };
}

/** The stored update as form values (to edit a draft). */
export function valuesOf(update: { fallback: Fallback; texts: readonly UpdateText[] }): UpdateFormValues {
  const values: UpdateFormValues = { fallback: update.fallback };
  for (const lang of LANGS) {
    const names = fieldNames(lang);
    const t = update.texts.find((x) => x.lang === lang);
    values[names.subject] = t?.subject ?? '';
    values[names.body] = t?.body ?? '';
  }
  return values;
}
