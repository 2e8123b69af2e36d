// Renders views/emails/<event>.{html,txt}.ejs in the recipient's language. Compiled templates are cached
// (restart the app to see an edited email template).
import path from 'node:path';
import ejs from 'ejs';
import type { i18n } from 'i18next';
import type { Lang } from '../i18n/languages.ts';
import { numberFormatter } from '../i18n/format.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { useCompiledViews } from '../web/compiled-views.ts';
import { escapeText, VIEW_OPTIONS, VIEWS_DIR } from '../web/views.ts';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** `subjectKey` is passed literally by each email job, so the locale check can see it is used. */
export async function renderEmail(instance: i18n, event: string, subjectKey: string, lang: Lang, data: Record<string, unknown>): Promise<RenderedEmail> {
  useCompiledViews();
  const t = translatorFor(instance, lang);
  const locals = { ...data, t, lang, formatNumber: numberFormatter(lang) };
  const file = (kind: string) => path.join(VIEWS_DIR, 'emails', `${event}.${kind}.ejs`);
  const [html, text] = await Promise.all([ejs.renderFile(file('html'), locals, { ...VIEW_OPTIONS, cache: true }), ejs.renderFile(file('txt'), locals, { ...VIEW_OPTIONS, cache: true, escape: escapeText })]);
  return { subject: t(subjectKey, data), html, text: text.replace(/\n{3,}/g, '\n\n').trim() + '\n' };
}
