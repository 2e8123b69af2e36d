// An update as an email in one language: rendered once per update and language with a placeholder for
// the recipient's unsubscribe token, which each message then fills in (rendering per message would cost
// more than sending it).
import type { i18n } from 'i18next';
import type { Lang } from '../i18n/languages.ts';
import { renderEmail, type RenderedEmail } from '../mail/render-email.ts';
import { renderMarkdown } from './render-markdown.ts';
import { unsubscribeUrl } from './unsubscribe-token.ts';
import type { UpdateText } from './updates.repo.ts';

const PLACEHOLDER = 'UNSUBSCRIBETOKENPLACEHOLDER';

export interface UpdateEmail {
  readonly subject: string;
  /** The message for one recipient. */
  forToken(token: string): RenderedEmail;
}

export async function renderUpdateEmail(instance: i18n, baseUrl: string, text: UpdateText, options: { test?: boolean } = {}): Promise<UpdateEmail> {
  const lang: Lang = text.lang;
  const data = { subject: text.subject, bodyHtml: renderMarkdown(text.body), bodyText: text.body.trim(), unsubscribeUrl: unsubscribeUrl(baseUrl, lang, PLACEHOLDER), siteUrl: `${baseUrl}/${lang}/` };
  const email = options.test
    ? await renderEmail(instance, 'supporter-update', 'supporters.email.testSubject', lang, data)
    : await renderEmail(instance, 'supporter-update', 'supporters.email.subject', lang, data);
  return {
    subject: email.subject,
    forToken: (token) => ({ subject: email.subject, text: email.text.replaceAll(PLACEHOLDER, token), html: email.html.replaceAll(PLACEHOLDER, token) }),
  };
}
