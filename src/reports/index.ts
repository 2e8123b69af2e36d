// The reports capability (organisers and admins): hearing reports of a petition (PDF, CSV, JSON with its
// ledger; integrity digest), the same from the command line, and the signatories export. See README.md.
import type { Capability } from '../capability.ts';
import { adminNav } from '../admin/index.ts';
import { createRouter } from '../web/params.ts';
import { reportCommand } from './report.cli.ts';
import { addReportRoutes } from './report.routes.ts';
import { addSignatoriesRoutes } from './signatories.routes.ts';

/** The EU member states' ECI-style minimums (seats × 720) and a count's progress against them. */
export { MEMBER_STATES, memberStateProgress, type MemberState, type MemberStateProgress } from './eu-seats.ts';

export const reportsCapability: Capability = {
  name: 'reports',
  commands: [reportCommand],
  web(deps) {
    adminNav.add({ href: '/admin/reports', labelKey: 'reports.admin.nav', roles: ['admin', 'organiser'], order: 50 });
    const admin = createRouter();
    addReportRoutes(admin, deps);
    addSignatoriesRoutes(admin, deps);
    return { admin };
  },
};
