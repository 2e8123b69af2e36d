// The users pages (admins only): the list and the create form, one user's page (role, disabled or not, a
// new one-time password, TOTP removed, sessions ended). A one-time password is shown once, on the page
// that answers the POST (never stored in clear, never in a URL).
import type { Request, Response, Router } from 'express';
import type { AdminWebDeps } from './admin-deps.ts';
import { renderAdminError } from './admin-error.ts';
import { actorOf } from './audit.ts';
import { createUser } from './create-user.ts';
import { formBody, idParam, textField, type FieldError } from './form.ts';
import { changeRole, resetPassword, resetTotp, revokeSessions, setDisabled, type ManageResult } from './manage-user.ts';
import { currentAdmin } from './principal.ts';
import { presentUser } from './present-user.ts';
import { ROLES, isRole, requireRole } from './roles.ts';
import { listUserSessions } from './sessions.repo.ts';
import { findUser, listUsers } from './users.ts';
import { seeOther } from '../web/see-other.ts';

const admins = requireRole('admin');
const DONE = new Set(['role', 'disabled', 'enabled', 'totp', 'sessions']);
const REFUSED: Record<Exclude<ManageResult['kind'], 'ok' | 'not-found'>, string> = { self: 'admin.user.errors.self', 'last-admin': 'admin.user.errors.lastAdmin' };

export function addUserRoutes(router: Router, deps: AdminWebDeps): void {
  async function renderList(res: Response, status: number, form: { email: string; role: string; errors: FieldError[] }) {
    const t = res.locals.t;
    const users = (await listUsers(deps.db, deps.secrets)).map((u) => presentUser(t, res.locals.formatDateTime!, u));
    res.status(status).render('admin/users', { users, form, roles: ROLES });
  }

  router.get('/users', admins, (_req, res) => renderList(res, 200, { email: '', role: 'organiser', errors: [] }));

  router.post('/users', admins, async (req, res) => {
    const body = formBody(req);
    const email = textField(body, 'email', 254).trim();
    const role = textField(body, 'role', 20);
    const t = res.locals.t;
    const errors: FieldError[] = [];
    if (!isRole(role)) errors.push({ field: 'role', message: t('admin.users.errors.role') });
    const result = isRole(role) ? await createUser(deps, { email, role, actor: actorOf(currentAdmin(res)) }) : undefined;
    if (result?.kind === 'bad-email') errors.push({ field: 'email', message: t('admin.users.errors.email') });
    if (result?.kind === 'exists') errors.push({ field: 'email', message: t('admin.users.errors.exists') });
    if (!result || result.kind !== 'created') return renderList(res, 422, { email, role, errors });
    res.status(201).render('admin/one-time-password', { email: result.email, password: result.password, userId: result.id, created: true });
  });

  async function renderUser(req: Request, res: Response, status: number, error?: string) {
    const id = idParam(req);
    const user = id === undefined ? undefined : await findUser(deps.db, deps.secrets, id);
    if (!user) return renderAdminError(res, 404, 'admin.errors.notFound');
    const sessions = await listUserSessions(deps.db, user.id);
    const done = typeof req.query.done === 'string' && DONE.has(req.query.done) ? req.query.done : undefined;
    res.status(status).render('admin/user', { user: presentUser(res.locals.t, res.locals.formatDateTime!, user), sessions, roles: ROLES, self: user.id === currentAdmin(res).id, error, done });
  }

  router.get('/users/:id', admins, (req, res) => renderUser(req, res, 200));

  /** Runs one change on the user in the URL, then back to their page (or the page with why not). */
  function manage(path: string, done: string, act: (id: number, base: { userId: number; actor: string; actorId: number }, body: Record<string, unknown>) => Promise<ManageResult | undefined>) {
    router.post(`/users/:id/${path}`, admins, async (req, res) => {
      const id = idParam(req);
      if (id === undefined) return renderAdminError(res, 404, 'admin.errors.notFound');
      const admin = currentAdmin(res);
      const result = await act(id, { userId: id, actor: actorOf(admin), actorId: admin.id }, formBody(req));
      if (!result) return renderUser(req, res, 422, 'admin.user.errors.role');
      if (result.kind === 'not-found') return renderAdminError(res, 404, 'admin.errors.notFound');
      if (result.kind !== 'ok') return renderUser(req, res, 422, REFUSED[result.kind]);
      seeOther(res, `/admin/users/${id}?done=${done}`);
    });
  }

  manage('role', 'role', async (_id, base, body) => {
    const role = textField(body, 'role', 20);
    return isRole(role) ? changeRole(deps, { ...base, role }) : undefined;
  });
  manage('disable', 'disabled', (_id, base) => setDisabled(deps, { ...base, disabled: true }));
  manage('enable', 'enabled', (_id, base) => setDisabled(deps, { ...base, disabled: false }));
  manage('totp/remove', 'totp', (_id, base) => resetTotp(deps, base));
  manage('sessions/end', 'sessions', (_id, base, body) => {
    const handle = textField(body, 'session', 64);
    return revokeSessions(deps, { ...base, ...(handle ? { handle } : {}) });
  });

  router.post('/users/:id/password', admins, async (req, res) => {
    const id = idParam(req);
    const user = id === undefined ? undefined : await findUser(deps.db, deps.secrets, id);
    if (!user) return renderAdminError(res, 404, 'admin.errors.notFound');
    if (user.id === currentAdmin(res).id) return renderUser(req, res, 422, 'admin.user.errors.self');
    const result = await resetPassword(deps, { userId: user.id, actor: actorOf(currentAdmin(res)) });
    if (result.kind !== 'ok') return renderAdminError(res, 404, 'admin.errors.notFound');
    res.render('admin/one-time-password', { email: user.email, password: result.password, userId: user.id, created: false });
  });
}
