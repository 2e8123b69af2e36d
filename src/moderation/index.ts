// The moderation capability (admins and moderators): hide a signer's public name; invalidate signatures
// one by one, by email domain or by IP hash, with a reason, and restore them. The sharded counters move
// in the change's transaction and every action is in the audit log (read by admins, and by the hearing
// report: see reports/report.repo.ts moderationActions).
import type { Capability } from '../capability.ts';
import { adminNav } from '../admin/index.ts';
import { createRouter } from '../web/params.ts';
import { addBulkRoutes } from './bulk.routes.ts';
import { hashDomainsCommand } from './hash-domains.cli.ts';
import { addModerationRoutes } from './moderation.routes.ts';

export const moderationCapability: Capability = {
  name: 'moderation',
  commands: [hashDomainsCommand],
  web(deps) {
    adminNav.add({ href: '/admin/moderation', labelKey: 'moderation.admin.nav', roles: ['admin', 'moderator'], order: 30 });
    const admin = createRouter();
    addModerationRoutes(admin, deps);
    addBulkRoutes(admin, deps);
    return { admin };
  },
};
