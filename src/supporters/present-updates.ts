// View models of the organisers' update pages: the list with progress, the counts per language (who gets
// their own language, English, or nothing), the previews (sanitised HTML) and the form.
import type { Translate } from '../i18n/i18n.ts';
import { LANGS, type Lang } from '../i18n/languages.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { Progress } from './recipients.repo.ts';
import { fieldNames, type FormError, type UpdateFormValues } from './update.schema.ts';
import type { UpdateRow, UpdateStatus } from './updates.repo.ts';

type Format = (n: number) => string;

const statusKey = (status: UpdateStatus): string =>
  ({ draft: 'supporters.status.draft', queued: 'supporters.status.queued', sending: 'supporters.status.sending', sent: 'supporters.status.sent' })[status];

const LANG_KEYS: Record<Lang, string> = { en: 'supporters.langs.en', ru: 'supporters.langs.ru', kk: 'supporters.langs.kk', pl: 'supporters.langs.pl' };

export function presentProgress(t: Translate, format: Format, update: UpdateRow, progress: Progress | undefined) {
  const p = progress ?? { pending: 0, sent: 0, refused: 0, skipped: 0 };
  const total = update.total ?? p.pending + p.sent + p.refused + p.skipped;
  return {
    status: t(statusKey(update.status)),
    sentOfTotal: update.status === 'draft' ? '' : t('supporters.progress.sentOfTotal', { sent: format(p.sent), total: format(total) }),
    refused: format(p.refused),
    skipped: format(p.skipped),
    pending: format(p.pending),
    percent: total > 0 ? Math.floor((p.sent * 100) / total) : update.status === 'sent' ? 100 : 0,
  };
}

export function presentList(t: Translate, format: Format, updates: readonly UpdateRow[], progress: Map<number, Progress>, formatDate: (d: Date) => string) {
  return updates.map((u) => ({
    id: u.id,
    href: `/admin/updates/${u.id}`,
    subject: (u.texts.find((x) => x.lang === 'en') ?? u.texts[0])?.subject ?? t('supporters.list.untitled'),
    languages: u.texts.map((x) => t(LANG_KEYS[x.lang])).join(', '),
    created: formatDate(u.createdAt),
    ...presentProgress(t, format, u, progress.get(u.id)),
  }));
}

export function presentCounts(t: Translate, format: Format, update: Pick<UpdateRow, 'texts' | 'fallback'>, eligible: Map<Lang, number>) {
  const has = new Set(update.texts.map((x) => x.lang));
  const english = update.fallback === 'english' && has.has('en');
  let total = 0;
  let lacking = 0;
  const rows = LANGS.map((lang) => {
    const n = eligible.get(lang) ?? 0;
    const gets = has.has(lang) ? 'own' : english ? 'english' : 'nothing';
    if (gets !== 'own') lacking += n;
    if (gets !== 'nothing') total += n;
    const getsText = gets === 'own' ? t('supporters.counts.getsOwn') : gets === 'english' ? t('supporters.counts.getsEnglish') : t('supporters.counts.getsNothing');
    return { lang, label: t(LANG_KEYS[lang]), count: format(n), getsText, missing: gets !== 'own' };
  });
  return { rows, total: format(total), lacking: format(lacking), lackingAny: lacking > 0 };
}

export function presentPreviews(t: Translate, update: Pick<UpdateRow, 'texts'>) {
  return update.texts.map((x) => ({ lang: x.lang, label: t(LANG_KEYS[x.lang]), subject: x.subject, html: renderMarkdown(x.body) }));
}

/** The messages about one language's subject or text (not "write the update in at least one language"). */
const PER_LANGUAGE = new Set(['subjectMissing', 'bodyMissing', 'subjectTooLong', 'bodyTooLong'].map((k) => `supporters.form.errors.${k}`));

export function presentForm(t: Translate, values: UpdateFormValues, errors: readonly FormError[] = []) {
  const errorOf = (field: string) => {
    const e = errors.find((x) => x.field === field);
    return e ? t(e.key) : '';
  };
  return {
    fallback: values.fallback === 'none' ? 'none' : 'english',
    fallbackError: errorOf('fallback-english'),
    languages: LANGS.map((lang) => {
      const names = fieldNames(lang);
      return { lang, label: t(LANG_KEYS[lang]), subjectName: names.subject, bodyName: names.body, subject: values[names.subject] ?? '', body: values[names.body] ?? '', subjectError: errorOf(names.subject), bodyError: errorOf(names.body) };
    }),
    // In the summary, away from its fieldset, a language's message ("give this language a text") names the language.
    errors: errors.map((e) => {
      const lang = PER_LANGUAGE.has(e.key) ? LANGS.find((l) => e.field === fieldNames(l).subject || e.field === fieldNames(l).body) : undefined;
      return { field: e.field, message: lang ? `${t(LANG_KEYS[lang])}: ${t(e.key)}` : t(e.key) };
    }),
  };
}

export const languageOptions = (t: Translate, update: Pick<UpdateRow, 'texts'>) => update.texts.map((x) => ({ lang: x.lang, label: t(LANG_KEYS[x.lang]) }));
