// GET / → 302 /{lang}/, by the lang cookie, then Accept-Language.
import type { RequestHandler } from 'express';
import { negotiateLanguage } from '../i18n/negotiate.ts';

export const rootRedirect: RequestHandler = (req, res) => {
  res.setHeader('Vary', 'Accept-Language, Cookie');
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, `/${negotiateLanguage(req.cookies?.lang, req.get('accept-language'))}/`);
};
