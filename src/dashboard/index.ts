// The dashboard capability (admins and organisers; moderators read-only): per petition, the states of its
// signatures, created and confirmed per day with the confirmation rate, a chart, the countries as a table
// and a map of Europe (SVG made on the server), progress per EU member state against the ECI-style
// minimums, and the public member-state table's switch. Other capabilities add panels through
// `dashboardPanels` (panels.ts).
import type { Capability } from '../capability.ts';
import { adminNav } from '../admin/index.ts';
import { createRouter } from '../web/params.ts';
import { addDashboardRoutes } from './dashboard.routes.ts';

export { dashboardPanels, type DashboardPanel, type PanelContext } from './panels.ts';

export const dashboardCapability: Capability = {
  name: 'dashboard',
  web(deps) {
    adminNav.add({ href: '/admin/dashboard', labelKey: 'dashboard.admin.nav', roles: ['admin', 'organiser', 'moderator'], order: 20 });
    const admin = createRouter();
    addDashboardRoutes(admin, deps);
    return { admin };
  },
};
