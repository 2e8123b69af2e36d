// GET /admin/audit (admins only): the audit log, 50 entries a page, newest first, filtered by action
// (exact, e.g. "user.created") and by actor (a user, or "system", "cli", "signer", "anonymous").
import type { Router } from 'express';
import type { AdminWebDeps } from './admin-deps.ts';
import { readAuditPage } from './audit.repo.ts';
import { presentAuditPage } from './present-audit.ts';
import { requireRole } from './roles.ts';
import { listUsers } from './users.ts';

const PAGE_SIZE = 50;
const ACTION = /^[a-z0-9_.-]{1,80}$/;
const ACTOR = /^[a-z0-9_-]{1,40}(:[A-Za-z0-9_-]{1,64})?$/;

const queryValue = (value: unknown, pattern: RegExp): string | undefined => (typeof value === 'string' && pattern.test(value) ? value : undefined);

export function addAuditRoutes(router: Router, deps: AdminWebDeps): void {
  router.get('/audit', requireRole('admin'), async (req, res) => {
    const action = queryValue(req.query.action, ACTION);
    const actor = queryValue(req.query.actor, ACTOR);
    const beforeRaw = queryValue(req.query.before, /^[1-9]\d{0,15}$/);
    const before = beforeRaw === undefined ? undefined : Number(beforeRaw);
    const [page, users] = await Promise.all([readAuditPage(deps.db, { action, actor, before, limit: PAGE_SIZE }), listUsers(deps.db, deps.secrets)]);
    res.render('admin/audit', presentAuditPage({ page, users, filter: { action, actor, before }, formatDateTime: res.locals.formatDateTime!, t: res.locals.t }));
  });
}
