// The organisers' dashboard under /admin: the petitions (GET /dashboard) and each petition's figures
// (admins, organisers, and moderators read-only), and the switch of the public member-state table
// (admins and organisers).
import type { Request, Router } from 'express';
import { z } from 'zod';
import { adminActor, renderAdminError, requireRole } from '../admin/index.ts';
import type { AppDeps } from '../container.ts';
import { findPetitionHeading, listPetitionSummaries } from '../petitions/index.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import { loadDashboard } from './load-dashboard.ts';
import { dashboardPanels } from './panels.ts';
import { presentDashboard } from './present-dashboard.ts';
import { showMemberStates } from './show-member-states.ts';

const pageQuery = z.object({ done: z.enum(['shown', 'hidden']).optional() });
const toggleBody = z.object({ show: z.enum(['yes', 'no']) });
const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

export function addDashboardRoutes(router: Router, deps: AppDeps): void {
  const readers = requireRole('admin', 'organiser', 'moderator');
  const organisers = requireRole('admin', 'organiser');

  router.get('/dashboard', readers, async (_req, res) => {
    res.render('dashboard/index', { petitions: await listPetitionSummaries(deps.db, res.locals.lang) });
  });

  router.get('/petitions/:slug/dashboard', readers, async (req, res) => {
    const query = parseQuery(req, pageQuery);
    const { lang, t, formatNumber } = res.locals;
    const petition = await findPetitionHeading(deps.db, String(req.params.slug), lang);
    if (!petition) return renderAdminError(res, 404, 'dashboard.errors.notFound');
    const dashboard = await loadDashboard(deps, petition);
    const role = res.locals.admin!.role;
    const panels = [];
    for (const panel of dashboardPanels.forRole(role)) {
      const figures = await panel.load({ db: deps.db, lang, t, formatNumber, petition });
      if (figures) panels.push({ id: panel.id, title: t(panel.titleKey), view: panel.view, figures });
    }
    res.render('dashboard/petition', {
      petition,
      page: presentDashboard({ lang, t, formatNumber, dashboard, now: deps.clock.now() }),
      panels,
      canToggle: role === 'admin' || role === 'organiser',
      canModerate: role === 'admin' || role === 'moderator',
      done: query.done ?? null,
    });
  });

  router.post('/petitions/:slug/member-states', organisers, async (req, res) => {
    const petition = await findPetitionHeading(deps.db, String(req.params.slug), res.locals.lang);
    if (!petition) return renderAdminError(res, 404, 'dashboard.errors.notFound');
    const parsed = toggleBody.safeParse(body(req));
    if (!parsed.success) return renderAdminError(res, 422, 'dashboard.errors.toggle');
    const show = parsed.data.show === 'yes';
    await showMemberStates(deps, { actor: adminActor(res), petitionId: petition.id, show });
    seeOther(res, `/admin/petitions/${petition.slug}/dashboard?done=${show ? 'shown' : 'hidden'}#member-states`);
  });
}
