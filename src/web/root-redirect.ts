// GET / → 302 /{lang}/, by the lang cookie, then Accept-Language. The answer depends on both, so it is
// never kept by a shared cache (and says what it varies on, for any cache that ignores `private`).
import type { RequestHandler } from 'express';
import { negotiateLanguage } from '../i18n/negotiate.ts';
import { NO_STORE } from './cache-control.ts';

export const rootRedirect: RequestHandler = (req, res) => {
  res.setHeader('Vary', 'Accept-Language, Cookie');
  res.setHeader('Cache-Control', NO_STORE);
  res.redirect(302, `/${negotiateLanguage(req.cookies?.lang, req.get('accept-language'))}/`);
};
