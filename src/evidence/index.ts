// The evidence capability: the anonymous, encrypted drop at /{lang}/submit, the source's status page with
// the organisers' replies, and the daily expiry. See README.md ("Evidence") for the design and its limits.
import { adminNav } from '../admin/index.ts';
import type { Capability } from '../capability.ts';
import { evidenceAdmin } from './admin.routes.ts';
import { createEvidenceDeps } from './evidence-deps.ts';
import { expireReports } from './expire-reports.ts';
import { addMoreUpload, addStatusPages } from './status.routes.ts';
import { addSubmitPage, addSubmitUpload } from './submit.routes.ts';

const EXPIRY = 'evidence-expiry';

/** For the list's organiser pages, which link entries to reports. */
export { findReportId } from './reports.repo.ts';

export const evidenceCapability: Capability = {
  name: 'evidence',
  async registerWorkers(deps) {
    const evidence = createEvidenceDeps(deps);
    await deps.jobs.work(EXPIRY, async () => {
      const report = await expireReports(evidence);
      evidence.logger.info(report, 'evidence expiry applied');
    }, { concurrency: 1 });
    await deps.jobs.schedule(EXPIRY, '41 * * * *');
  },
  web(deps) {
    const evidence = createEvidenceDeps(deps);
    adminNav.add({ href: '/admin/evidence', labelKey: 'evidence.admin.nav', roles: ['admin', 'organiser'], order: 40 });
    adminNav.add({ href: '/admin/evidence-keys', labelKey: 'evidence.admin.keys.nav', roles: ['admin'], order: 45 });
    return {
      admin: evidenceAdmin(evidence),
      uploads: (router) => {
        addSubmitUpload(evidence, router);
        addMoreUpload(evidence, router);
      },
      pages: (router) => {
        addSubmitPage(evidence, router);
        addStatusPages(evidence, router);
      },
    };
  },
};
