// The admin gate, mounted at /admin before every capability's admin router (app.ts): the headers that
// keep admin pages out of caches and search engines, the admin's language, the session, the signed-in
// user, the login requirement, the forced steps (a one-time password to change, an admin's TOTP to set
// up) and the form token. Every capability's admin routes can rely on res.locals.admin being set.
import type { Request, RequestHandler, Router } from 'express';
import { createRouter } from '../web/params.ts';
import type { AdminWebDeps } from './admin-deps.ts';
import { adminLanguage } from './admin-language.ts';
import { csrfCheck, csrfLocals } from './csrf.ts';
import { adminNav } from './nav.ts';
import { adminSessions, regenerateSession, sessionExpiry } from './sessions.ts';
import { findUser } from './users.ts';
import { seeOther } from '../web/see-other.ts';

const headers: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  next();
};

/** Pages an anonymous visitor may open: the login form and the language switcher. */
const isPublic = (req: Request): boolean => req.path === '/login' || (req.method === 'GET' && req.path.startsWith('/language/'));

/** While a one-time password is unchanged, or an admin has no TOTP, only these are open. */
const SET_UP_PATHS = { password: ['/account/password', '/logout'], totp: ['/account/totp', '/account/totp/qr.svg', '/account/password', '/logout'] };

function loadUser(deps: AdminWebDeps): RequestHandler {
  let warned = false;
  return async (req, res, next) => {
    if (deps.config.secureCookies && !req.secure && !warned) {
      warned = true; // the Secure cookie is not set over plain http: sign-in would never stick
      deps.logger.warn('an /admin request came over http while BASE_URL is https: set TRUST_PROXY behind a reverse proxy, or sessions cannot be kept');
    }
    const data = req.session;
    if (data.userId === undefined) return next();
    const now = deps.clock.now();
    const expiry = sessionExpiry(data, now);
    const user = expiry ? undefined : await findUser(deps.db, deps.secrets, data.userId);
    if (!user || user.disabled) {
      await regenerateSession(req); // deletes the row; this request goes on as an anonymous one
      if (expiry) res.locals.sessionEnded = expiry;
      return next();
    }
    data.lastSeenAt = now.getTime();
    res.locals.admin = { ...user, sid: req.sessionID };
    res.locals.adminNav = adminNav.linksFor(user.role, req.baseUrl + req.path);
    next();
  };
}

const requireLogin: RequestHandler = (req, res, next) => {
  if (res.locals.admin || isPublic(req)) return next();
  const query = new URLSearchParams();
  if (req.method === 'GET' || req.method === 'HEAD') query.set('next', req.originalUrl);
  if (res.locals.sessionEnded) query.set('ended', res.locals.sessionEnded);
  const search = query.toString();
  seeOther(res, `/admin/login${search ? `?${search}` : ''}`);
};

const requireSetUp: RequestHandler = (req, res, next) => {
  const admin = res.locals.admin;
  if (!admin || isPublic(req)) return next();
  if (admin.mustChangePassword) return SET_UP_PATHS.password.includes(req.path) ? next() : seeOther(res, '/admin/account/password');
  if (admin.role === 'admin' && !admin.hasTotp) return SET_UP_PATHS.totp.includes(req.path) ? next() : seeOther(res, '/admin/account/totp');
  next();
};

export function adminGate(deps: AdminWebDeps): Router {
  const gate = createRouter();
  gate.use(headers, adminLanguage(deps.i18n), adminSessions(deps), loadUser(deps), csrfLocals, requireLogin, requireSetUp, csrfCheck);
  return gate;
}
