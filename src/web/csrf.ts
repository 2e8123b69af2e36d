// CSRF protection without a server session per visitor: a signed double-submit token (csrf-csrf) in a
// cookie and a hidden `_csrf` field, plus a same-origin check on Origin / Sec-Fetch-Site.
import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler } from 'express';
import { forbidden } from './app-error.ts';

export interface CsrfOptions {
  readonly secret: string;
  readonly secureCookies: boolean;
  readonly baseUrl: string;
}

/**
 * Refuses requests a browser marks as coming from another site. With Referrer-Policy: no-referrer,
 * browsers send `Origin: null` on same-origin form posts, so "null" is not a refusal by itself:
 * Sec-Fetch-Site (sent by current browsers, Tor Browser included) decides, and the token is checked anyway.
 */
const sameOrigin = (req: Request, allowedOrigin: string): boolean => {
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.get('origin');
  if (!origin || origin === 'null') return true;
  const host = req.get('host');
  return origin === allowedOrigin || (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
};

/**
 * One step (put it after the cookie reader and the body parser): makes `res.locals.csrfToken()` available
 * to views, and checks every state-changing request.
 */
export function createCsrf(options: CsrfOptions): RequestHandler {
  const allowedOrigin = new URL(options.baseUrl).origin;
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => options.secret,
    // Public forms have no session; the signed cookie itself is the binding (and __Host- in production).
    getSessionIdentifier: () => '',
    cookieName: options.secureCookies ? '__Host-dauys.csrf' : 'dauys.csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure: options.secureCookies, httpOnly: true },
    getCsrfTokenFromRequest: (req) => {
      const body: unknown = req.body;
      const token = body && typeof body === 'object' ? (body as Record<string, unknown>)._csrf : undefined;
      return typeof token === 'string' ? token : undefined;
    },
  });

  return (req, res, next) => {
    let token: string | undefined;
    res.locals.csrfToken = () => (token ??= generateCsrfToken(req, res));
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (!sameOrigin(req, allowedOrigin) || !validateRequest(req)) return next(forbidden());
    next();
  };
}
