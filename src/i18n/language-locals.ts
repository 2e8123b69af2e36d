// For every /{lang}/ page: the translator, Intl formatters, the language switcher and hreflang links.
import type { i18n } from 'i18next';
import type { Request, RequestHandler, Response } from 'express';
import { dateFormatter, numberFormatter } from './format.ts';
import { LANG_NAMES, LANGS, type Lang } from './languages.ts';
import { translatorFor } from './i18n.ts';
import type { LanguageLink } from '../web/locals.d.ts';

/** The path below /{lang}, e.g. "/petitions/zhanaozen-list" for "/pl/petitions/zhanaozen-list". */
export function pathWithoutLang(path: string): string {
  const rest = path.replace(/^\/[a-z]{2}(?=\/|$)/, '');
  return rest === '' ? '/' : rest;
}

export function setLanguageLocals(res: Response, instance: i18n, lang: Lang, pagePath: string): void {
  res.locals.lang = lang;
  res.locals.t = translatorFor(instance, lang);
  res.locals.formatNumber = numberFormatter(lang);
  res.locals.formatDate = dateFormatter(lang);
  setPagePath(res, pagePath);
}

/** Routes answering a POST set the GET page the switcher should lead to. */
export function setPagePath(res: Response, pagePath: string): void {
  res.locals.pagePath = pagePath;
}

/**
 * The language switcher's and hreflang links of a page (an app local, which views call): built when a
 * view is rendered, not on every request (most petition requests send a cached page or a redirect).
 */
export function languageLinks(current: Lang, pagePath: string): LanguageLink[] {
  const next = encodeURIComponent(pagePath);
  return LANGS.map((lang) => ({ lang, name: LANG_NAMES[lang], href: `/${lang}${pagePath === '/' ? '/' : pagePath}`, switchHref: `/language/${lang}?next=${next}`, current: lang === current }));
}

/**
 * Sets the translator and formatters of a /{lang} page. It writes no cookie: a page read is the same for
 * everyone and can be kept by a shared cache; the `lang` cookie is written only by the language
 * switcher (web/language-switch.ts).
 */
export function languageLocals(instance: i18n): RequestHandler {
  return (req: Request, res, next) => {
    // Mounted at /{lang} (app.ts checks the language): req.baseUrl is "/en". Read from there rather than
    // through Router({ mergeParams: true }): router 2.3's mergeParams ('0 in params' on an empty
    // object) sends V8 11 into a deoptimise-recompile loop of the router's next(), measured at about a
    // sixth of the app's CPU while signing.
    const lang = req.baseUrl.slice(1) as Lang;
    setLanguageLocals(res, instance, lang, pathWithoutLang(req.originalUrl.split('?')[0] ?? '/'));
    next();
  };
}
