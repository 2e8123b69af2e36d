// The words of a hearing report in its own language (the report's `lang`, not the organiser's), shared by
// the PDF, CSV and JSON renderers so the three say the same thing.
import type { i18n } from 'i18next';
import { countryName } from '../i18n/countries.ts';
import { dateFormatter, numberFormatter } from '../i18n/format.ts';
import { translatorFor, type Translate } from '../i18n/i18n.ts';
import { INTL_LOCALE, type Lang } from '../i18n/languages.ts';
import type { HearingReport } from './build-report.ts';

/** The flags sign-petition.ts sets, each with its label under FLAG_LABELS. */
const KNOWN_FLAGS = new Set(['timing_too_fast', 'timing_stale', 'timing_unsigned', 'disposable', 'rate_ip', 'rate_domain']);
const FLAG_LABELS = 'reports.report.flags';

export interface ReportWords {
  readonly lang: Lang;
  readonly t: Translate;
  readonly number: (n: number) => string;
  /** A share of a minimum, e.g. "12.5%". */
  readonly percent: (part: number, whole: number) => string;
  /** A UTC date and time, e.g. "1 December 2026, 14:05 UTC". */
  readonly dateTime: (d: Date) => string;
  /** A UTC day (YYYY-MM-DD) in words. */
  readonly day: (iso: string) => string;
  readonly country: (code: string) => string;
  readonly flag: (flag: string) => string;
  readonly subtitle: string;
  readonly generated: string;
  readonly data: string;
  readonly period: string;
  readonly invalidated: string;
  readonly notCounted: readonly string[];
  /** The cross-check against the live counters (none when a period is chosen). */
  readonly counters: string | undefined;
  readonly moderation: readonly { kind: string; reason: string; actions: number; signatures: number }[];
}

export function reportWords(instance: i18n, report: HearingReport): ReportWords {
  const lang = report.lang;
  const t = translatorFor(instance, lang);
  const number = numberFormatter(lang);
  const percentFormat = new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'percent', maximumFractionDigits: 1 });
  const dateTimeFormat = new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  const longDay = dateFormatter(lang);
  const dateTime = (d: Date) => `${dateTimeFormat.format(d)} UTC`;
  const day = (iso: string) => longDay(`${iso}T00:00:00Z`);
  const { from, to } = report.period;
  const period =
    from && to ? t('reports.report.periodRange', { from: day(from), to: day(to) })
    : from ? t('reports.report.periodFrom', { from: day(from) })
    : to ? t('reports.report.periodTo', { to: day(to) })
    : t('reports.report.periodAll');
  const plural = (key: string, n: number) => t(key, { count: n, n: number(n) });
  return {
    lang,
    t,
    number,
    percent: (part, whole) => percentFormat.format(whole > 0 ? part / whole : 0),
    dateTime,
    day,
    country: (code) => countryName(lang, code),
    flag: (flag) => (KNOWN_FLAGS.has(flag) ? t(`${FLAG_LABELS}.${flag}`) : t('reports.report.flags.other', { flag })),
    subtitle: t('reports.report.subtitle', { title: report.petition.title }),
    generated: t('reports.report.generated', { date: dateTime(report.generatedAt) }),
    data: report.highestConfirmedAt ? t('reports.report.dataUpTo', { date: dateTime(report.highestConfirmedAt) }) : t('reports.report.dataNone'),
    period,
    invalidated: plural('reports.report.invalidated', report.notCounted.invalidated),
    notCounted: [plural('reports.report.pending', report.notCounted.pending), plural('reports.report.withdrawn', report.notCounted.withdrawn)],
    counters: report.counters.matches === null ? undefined : report.counters.matches ? t('reports.report.countersMatch') : t('reports.report.countersDiffer', { n: number(report.counters.total) }),
    moderation: report.moderation.map((m) => ({
      kind: t(m.kind === 'invalidated' ? 'reports.report.moderationInvalidated' : 'reports.report.moderationRestored'),
      reason: m.reason ?? t('reports.report.reasonNone'),
      actions: m.actions,
      signatures: m.signatures,
    })),
  };
}
