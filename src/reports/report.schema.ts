// The options of a report or an export, as typed into the admin forms or a URL: the report's language,
// a period of UTC days (both ends optional and included), the ledger; for the export, a country. Bad
// values are results (the form again with its errors), not exceptions.
import { z } from 'zod';
import { isCountryCode } from '../i18n/countries.ts';
import { isLang, type Lang } from '../i18n/languages.ts';
import type { Period } from './report.repo.ts';

const text = z.string().max(100).optional();
export const ReportQuery = z.object({ lang: text, from: text, to: text, include: text });
export const ExportForm = z.object({ country: text, from: text, to: text, code: text });

export type FieldErrors = Record<string, string>;

/** A real calendar day as YYYY-MM-DD (no 2026-02-30). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

const blank = (value: string | undefined): string => (value ?? '').trim();

/** The period of two optional days; errors keyed by field with the message key (prefix + from|to|order). */
export function parsePeriod(raw: { from?: string | undefined; to?: string | undefined }, prefix: string, errors: FieldErrors): Period {
  const from = blank(raw.from);
  const to = blank(raw.to);
  if (from !== '' && !isDay(from)) errors.from = `${prefix}.from`;
  if (to !== '' && !isDay(to)) errors.to = `${prefix}.to`;
  if (!errors.from && !errors.to && from !== '' && to !== '' && from > to) errors.to = `${prefix}.order`;
  return { from: from === '' || errors.from ? null : from, to: to === '' || errors.to ? null : to };
}

export interface ReportOptions {
  readonly lang: Lang;
  readonly period: Period;
  readonly includeLedger: boolean;
}

export type Parsed<T> = { readonly ok: true; readonly value: T; readonly raw: Record<string, string> } | { readonly ok: false; readonly errors: FieldErrors; readonly raw: Record<string, string> };

export function parseReportOptions(query: z.infer<typeof ReportQuery>, fallbackLang: Lang): Parsed<ReportOptions> {
  const errors: FieldErrors = {};
  const raw = { lang: blank(query.lang), from: blank(query.from), to: blank(query.to), include: blank(query.include) };
  if (raw.lang !== '' && !isLang(raw.lang)) errors.lang = 'reports.admin.report.errors.lang';
  const period = parsePeriod(query, 'reports.admin.report.errors', errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors, raw };
  const lang = isLang(raw.lang) ? raw.lang : fallbackLang;
  return { ok: true, value: { lang, period, includeLedger: raw.include === 'ledger' }, raw };
}

export interface ExportFilter {
  readonly country: string | null;
  readonly period: Period;
}

export function parseExportFilter(form: z.infer<typeof ExportForm>): Parsed<ExportFilter> {
  const errors: FieldErrors = {};
  const raw = { country: blank(form.country), from: blank(form.from), to: blank(form.to) };
  if (raw.country !== '' && !isCountryCode(raw.country)) errors.country = 'reports.admin.export.errors.country';
  const period = parsePeriod(form, 'reports.admin.export.errors', errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors, raw };
  return { ok: true, value: { country: raw.country === '' ? null : raw.country, period }, raw };
}
