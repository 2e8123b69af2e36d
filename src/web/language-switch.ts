// GET /language/{lang}?next=/path: the language switcher. It remembers the choice in the `lang` cookie
// (read by GET /) and sends the visitor to the same page in that language. This is the only place the
// cookie is written, so reading a page never sets one and every public page can be kept by a cache.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Lang } from '../i18n/languages.ts';
import { parseQuery } from './query.ts';
import { seeOther } from './see-other.ts';

const ONE_YEAR_S = 365 * 24 * 3600;
/** A path below /{lang}: plain segments only (no scheme, no //, no dot segments, no query). */
const NEXT = /^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,79}){0,8}\/?$/;

// A `next` of another shape is not an error (an old link): the visitor lands on the home page.
const querySchema = z.object({ next: z.string().optional().transform((v) => (v !== undefined && v !== '' && NEXT.test(v) ? v : '/')) });

export function languageSwitch(options: { secureCookies: boolean }): RequestHandler {
  return (req, res) => {
    const lang = req.params.lang as Lang; // checked by web/params.ts
    const { next } = parseQuery(req, querySchema);
    res.setHeader('Cache-Control', 'private, no-store');
    res.append('Set-Cookie', `lang=${lang}; Max-Age=${ONE_YEAR_S}; Path=/; HttpOnly;${options.secureCookies ? ' Secure;' : ''} SameSite=Lax`);
    seeOther(res, `/${lang}${next === '/' ? '/' : next}`);
  };
}
