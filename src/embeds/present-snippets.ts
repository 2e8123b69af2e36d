// The snippets organisers give partner sites: an <iframe> of the embed and the badge <img>, per
// language, with the public base URL. They are shown as text (escaped by the view), never as markup.
import { LANG_NAMES, LANGS, type Lang } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';

export interface SnippetView {
  readonly lang: Lang;
  readonly languageName: string;
  readonly iframe: string;
  readonly badge: string;
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function presentSnippets(input: { baseUrl: string; slug: string; title: (lang: Lang) => string; t: (lang: Lang) => Translate }): SnippetView[] {
  const base = input.baseUrl.replace(/\/+$/, '');
  return LANGS.map((lang) => {
    const title = input.title(lang);
    const t = input.t(lang);
    return {
      lang,
      languageName: LANG_NAMES[lang],
      iframe: `<iframe src="${base}/embed/${lang}/petitions/${input.slug}" title="${attr(t('embeds.snippet.frameTitle', { title }))}" width="380" height="1200" loading="lazy"></iframe>`,
      badge: `<a href="${base}/${lang}/petitions/${input.slug}"><img src="${base}/api/v1/petitions/${input.slug}/badge.svg?lang=${lang}" alt="${attr(t('embeds.snippet.badgeAlt', { title }))}" height="20"></a>`,
    };
  });
}
