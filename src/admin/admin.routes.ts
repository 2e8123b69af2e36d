// The admin capability's own pages under /admin (behind the gate: gate.ts).
import type { Router } from 'express';
import { createRouter } from '../web/params.ts';
import type { AdminWebDeps } from './admin-deps.ts';
import { addAccountRoutes } from './account.routes.ts';
import { languageSwitch } from './admin-language.ts';
import { addAuditRoutes } from './audit.routes.ts';
import { addHomeRoutes } from './home.routes.ts';
import { addLoginRoutes } from './login.routes.ts';
import { addUserRoutes } from './users.routes.ts';

export function adminRoutes(deps: AdminWebDeps): Router {
  const router = createRouter();
  router.get('/language/:lang', languageSwitch({ secureCookies: deps.config.secureCookies }));
  addLoginRoutes(router, deps);
  addHomeRoutes(router, deps);
  addAccountRoutes(router, deps);
  addUserRoutes(router, deps);
  addAuditRoutes(router, deps);
  return router;
}
