// GET/POST /admin/login and POST /admin/logout. The login form posts email, password, code (for an
// account with TOTP) and _csrf; every failure gets the same page, kept email and all.
import type { Request, Response, Router } from 'express';
import type { AdminWebDeps } from './admin-deps.ts';
import { renderAdminError } from './admin-error.ts';
import { audit, actorOf } from './audit.ts';
import { formBody, textField, type FieldError } from './form.ts';
import { logIn } from './log-in.ts';
import { localAdminPath } from './next-path.ts';
import { currentAdmin } from './principal.ts';
import { destroySession, regenerateSession, sessionCookieName } from './sessions.ts';
import { createLimit } from '../web/rate-limits.ts';
import { hashIp } from '../web/ip-hash.ts';
import { seeOther } from '../web/see-other.ts';

/** New sessions (login pages shown to a browser without one) per hashed IP per 15 minutes. */
const newSessions = createLimit('admin-session-ip', 60, 900);
const NOTICES = new Set(['idle', 'absolute', 'signed-out']);

interface LoginView {
  readonly email: string;
  readonly next: string;
  readonly errors: FieldError[];
  readonly notice?: string;
}

function renderLogin(res: Response, status: number, view: LoginView): void {
  res.status(status).render('admin/login', view);
}

export function addLoginRoutes(router: Router, deps: AdminWebDeps): void {
  router.get('/login', async (req: Request, res) => {
    const next = localAdminPath(req.query.next);
    if (res.locals.admin) return seeOther(res, next);
    const now = deps.clock.now();
    if (!req.session.csrfToken) {
      const ip = hashIp(deps.secrets.ipKey, req.ip, now);
      if (ip && !(await newSessions.take(deps.db, ip.toString('hex'), now))) return renderAdminError(res, 429, 'admin.errors.tooMany');
      req.session.createdAt = now.getTime();
    }
    const ended = typeof req.query.ended === 'string' && NOTICES.has(req.query.ended) ? req.query.ended : undefined;
    renderLogin(res, 200, { email: '', next, errors: [], notice: ended });
  });

  router.post('/login', async (req, res) => {
    const body = formBody(req);
    const email = textField(body, 'email', 254).trim();
    const password = textField(body, 'password', 1024);
    const next = localAdminPath(body.next);
    const t = res.locals.t;
    const missing: FieldError[] = [];
    if (email === '') missing.push({ field: 'email', message: t('admin.login.errors.emailMissing') });
    if (password === '') missing.push({ field: 'password', message: t('admin.login.errors.passwordMissing') });
    if (missing.length > 0) return renderLogin(res, 422, { email, next, errors: missing });

    const result = await logIn(deps, { email, password, code: textField(body, 'code', 20), ip: req.ip });
    if (result.kind === 'locked') return renderLogin(res, 429, { email, next, errors: [{ field: 'email', message: t('admin.login.errors.locked') }] });
    if (result.kind === 'failed') return renderLogin(res, 422, { email, next, errors: [{ field: 'email', message: t('admin.login.errors.failed') }] });

    await regenerateSession(req); // a new session id: one fixed before login is worthless (ASVS 7.2.4)
    const now = deps.clock.now().getTime();
    req.session.userId = result.user.id;
    req.session.createdAt = now;
    req.session.lastSeenAt = now;
    seeOther(res, next);
  });

  router.post('/logout', async (req, res) => {
    const admin = currentAdmin(res);
    await audit(deps.db, { actor: actorOf(admin), action: 'auth.logout', subject: actorOf(admin), at: deps.clock.now() });
    await destroySession(req);
    res.clearCookie(sessionCookieName(deps.config), { path: '/', httpOnly: true, secure: deps.config.secureCookies, sameSite: 'lax' });
    seeOther(res, '/admin/login?ended=signed-out');
  });
}
