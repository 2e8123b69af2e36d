// Erasure on request (admins only): GET /admin/erasure (the form, and the result of a finished erasure:
// ?request=<id>), POST /admin/erasure/find (what is stored about an address, per kind) and
// POST /admin/erasure/erase (erase it, keeping or removing it from the totals). The erase form carries
// the address's keyed hash, not the address.
import type { Response, Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../container.ts';
import { adminActor, requireRole } from '../admin/index.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import { countByHash, eraseByHash, findByEmail, findErasure } from './erase-by-email.ts';

const admins = requireRole('admin');
const Query = z.object({ request: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/).optional() });
const FindForm = z.object({ email: z.string().max(320).optional() });
const EraseForm = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), totals: z.enum(['keep', 'remove']).optional(), reason: z.string().max(1000).optional() });

type ErasureWebDeps = Pick<AppDeps, 'db' | 'secrets' | 'clock'>;

function renderForm(res: Response, status: number, email: string, error: string | undefined, done: Awaited<ReturnType<typeof findErasure>>): void {
  res.status(status).render('erasure/index', { email, errors: error ? [{ field: 'email', message: res.locals.t(error) }] : [], done });
}

export function addErasureRoutes(router: Router, deps: ErasureWebDeps): void {
  router.get('/erasure', admins, async (req, res) => {
    const { request } = parseQuery(req, Query);
    renderForm(res, 200, '', undefined, request ? await findErasure(deps.db, request) : undefined);
  });

  router.post('/erasure/find', admins, async (req, res) => {
    const form = FindForm.safeParse(req.body ?? {});
    const email = form.success ? (form.data.email ?? '').trim() : '';
    const result = email === '' ? undefined : await findByEmail(deps, { address: email, actor: adminActor(res) });
    if (!result) return renderForm(res, 422, email, 'erasure.errors.email', undefined);
    res.render('erasure/found', { email, hash: result.hash.toString('hex'), found: result.found, total: result.found.reduce((n, f) => n + f.count, 0), errors: [] });
  });

  router.post('/erasure/erase', admins, async (req, res) => {
    const form = EraseForm.safeParse(req.body ?? {});
    if (!form.success) return renderForm(res, 422, '', 'erasure.errors.again', undefined);
    const hash = Buffer.from(form.data.hash, 'hex');
    const found = await countByHash(deps, hash);
    if (found.every((f) => f.count === 0)) return renderForm(res, 422, '', 'erasure.errors.nothing', undefined);
    const { requestId } = await eraseByHash(deps, { hash, removeFromTotals: form.data.totals === 'remove', actor: adminActor(res), reason: form.data.reason ?? '' });
    seeOther(res, `/admin/erasure?request=${requestId}`);
  });
}
