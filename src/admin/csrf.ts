// The session-bound form token (csrf-sync's synchroniser token): every admin form posts it as `_csrf`,
// on top of the global cross-origin check (web/cross-origin.ts). Views get it from res.locals.csrfToken();
// the token is made on first use and kept for the session (a new session at login gets a new one).
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { renderAdminError } from './admin-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const { generateToken, isRequestValid } = csrfSync({
  size: 32,
  getTokenFromRequest: (req: Request) => {
    const value = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof value === 'string' ? value : undefined;
  },
});

/** res.locals.csrfToken() for the views. */
export const csrfLocals: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => generateToken(req);
  next();
};

/** A state-changing request without this session's token: 403 in the admin's language. */
export const csrfCheck: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method) || isRequestValid(req)) return next();
  renderAdminError(res, 403, 'admin.errors.csrf');
};
