// The organisers' donations page under /admin (organisers and admins): whether donations are on and how
// to connect Stripe, the totals by currency and month, the CSV export (a POST: it writes the audit log),
// and the public goal.
import type { Request, Router } from 'express';
import { z } from 'zod';
import { adminActor, requireRole } from '../admin/index.ts';
import { createRouter } from '../web/params.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import type { DonationDeps } from './donation-deps.ts';
import { exportTotals } from './export-totals.ts';
import { goalValues, parseGoalForm } from './goal.schema.ts';
import { loadTotals } from './load-totals.ts';
import { presentGoalForm, presentTotals } from './present-totals.ts';
import { saveDonationGoal } from './save-goal.ts';

const pageQuery = z.object({ saved: z.literal('goal').optional() });
const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

export function donationAdminRoutes(deps: DonationDeps): Router {
  const router = createRouter();
  const organisers = requireRole('organiser', 'admin');

  router.get('/donations', organisers, async (req, res) => {
    const query = parseQuery(req, pageQuery);
    const totals = await loadTotals(deps);
    const { lang, t } = res.locals;
    res.render('donations/admin/index', { page: presentTotals({ lang, t, totals, stripe: deps.stripe, baseUrl: deps.config.baseUrl }), goal: presentGoalForm({ lang, t, totals }), saved: query.saved === 'goal' });
  });

  router.post('/donations/goal', organisers, async (req, res) => {
    const values = goalValues(body(req));
    const parsed = parseGoalForm(values);
    if (!parsed.ok) {
      const totals = await loadTotals(deps);
      const { lang, t } = res.locals;
      return void res.status(422).render('donations/admin/index', { page: presentTotals({ lang, t, totals, stripe: deps.stripe, baseUrl: deps.config.baseUrl }), goal: presentGoalForm({ lang, t, totals, values, errors: parsed.errors }), saved: false });
    }
    await saveDonationGoal(deps, { actor: adminActor(res), goal: parsed.goal });
    seeOther(res, '/admin/donations?saved=goal#goal');
  });

  router.post('/donations/totals.csv', organisers, async (_req, res) => {
    const { csv } = await exportTotals(deps, { actor: adminActor(res) });
    const day = deps.clock.now().toISOString().slice(0, 10);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="donations-${day}.csv"`);
    res.send(csv);
  });

  return router;
}
