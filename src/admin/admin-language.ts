// The admin's language: chosen with the switcher in the area's header and kept in its own cookie
// (dauys.admin.lang, Path=/admin), else the public `lang` cookie, else Accept-Language. Set before the
// session, so every admin page and error page is in that language.
import type { RequestHandler } from 'express';
import type { i18n } from 'i18next';
import { dateFormatter, numberFormatter } from '../i18n/format.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { INTL_LOCALE, LANG_NAMES, LANGS, isLang, type Lang } from '../i18n/languages.ts';
import { negotiateLanguage } from '../i18n/negotiate.ts';
import { seeOther } from '../web/see-other.ts';
import { localAdminPath } from './next-path.ts';

export const LANG_COOKIE = 'dauys.admin.lang';
const ONE_YEAR_S = 365 * 24 * 3600;

const DATE_TIMES = Object.fromEntries(
  LANGS.map((l) => [l, new Intl.DateTimeFormat(INTL_LOCALE[l], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })]),
) as Record<Lang, Intl.DateTimeFormat>;

export const formatDateTime = (lang: Lang) => (value: Date): string => `${DATE_TIMES[lang].format(value)} UTC`;

export function adminLanguage(instance: i18n): RequestHandler {
  return (req, res, next) => {
    const chosen = req.cookies?.[LANG_COOKIE];
    const lang: Lang = isLang(chosen) ? chosen : negotiateLanguage(req.cookies?.lang, req.get('accept-language'));
    const here = localAdminPath(req.originalUrl);
    res.locals.lang = lang;
    res.locals.t = translatorFor(instance, lang);
    res.locals.formatNumber = numberFormatter(lang);
    res.locals.formatDate = dateFormatter(lang);
    res.locals.formatDateTime = formatDateTime(lang);
    res.locals.pagePath = here;
    res.locals.adminLanguages = LANGS.map((l) => ({ lang: l, name: LANG_NAMES[l], href: `/admin/language/${l}?next=${encodeURIComponent(here)}`, current: l === lang }));
    next();
  };
}

/** GET /admin/language/{lang}?next=/admin/…: remembers the choice (under /admin only) and goes back. */
export function languageSwitch(options: { secureCookies: boolean }): RequestHandler {
  return (req, res) => {
    const lang = req.params.lang;
    const next = localAdminPath(typeof req.query.next === 'string' ? req.query.next : '/admin');
    if (isLang(lang)) res.append('Set-Cookie', `${LANG_COOKIE}=${lang}; Max-Age=${ONE_YEAR_S}; Path=/admin; HttpOnly;${options.secureCookies ? ' Secure;' : ''} SameSite=Lax`);
    seeOther(res, next);
  };
}
