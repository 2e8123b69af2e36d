// GET /admin: the area's home page, for every role: the petitions with their confirmed counts, and links
// to each one's public page. Capabilities add their own pages through the navigation (nav.ts).
import type { Router } from 'express';
import type { AdminWebDeps } from './admin-deps.ts';
import { listPetitionSummaries } from '../petitions/index.ts';
import { ROLES, requireRole } from './roles.ts';

export function addHomeRoutes(router: Router, deps: AdminWebDeps): void {
  router.get('/', requireRole(...ROLES), async (_req, res) => {
    const now = deps.clock.now();
    const petitions = (await listPetitionSummaries(deps.db, res.locals.lang)).map((p) => ({
      ...p,
      open: p.status === 'open' && (p.deadline === null || p.deadline > now),
      publicHref: `/${res.locals.lang}/petitions/${p.slug}`,
    }));
    res.render('admin/home', { petitions });
  });
}
