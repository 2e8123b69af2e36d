// The my-data capability: a supporter's own data at /{lang}/my-data. Anyone may ask with an address
// and gets the same answer; the owner gets an hour-long link to see everything held about it (through
// every erasure hook's describe), download it as JSON, and erase it all (the totals keep their counts).
import type { Capability } from '../capability.ts';
import type { AppDeps } from '../container.ts';
import { erasureHooks } from '../erasure/index.ts';
import { applyMyDataRetention } from './apply-retention.ts';
import { createMyDataDeps } from './my-data-deps.ts';
import { myDataErasure } from './my-data-erasure.ts';
import { MY_DATA_EMAIL, MY_DATA_RETENTION, type MyDataJob } from './my-data-jobs.ts';
import { addMyDataPages } from './my-data.routes.ts';
import { sendMyDataLink } from './send-my-data-link.ts';

async function registerMyDataWorkers(app: AppDeps): Promise<void> {
  const deps = createMyDataDeps(app);
  await deps.jobs.work<MyDataJob>(MY_DATA_EMAIL, (data) => sendMyDataLink(deps, data.requestId), { concurrency: 1 });
  await deps.jobs.work(MY_DATA_RETENTION, async () => {
    const report = await applyMyDataRetention(deps);
    if (report.tokens + report.requests > 0) deps.logger.info(report, 'my-data retention applied');
  }, { concurrency: 1 });
  await deps.jobs.schedule(MY_DATA_RETENTION, '29 * * * *');
}

export const myDataCapability: Capability = {
  name: 'my-data',
  registerWorkers: registerMyDataWorkers,
  maxEmailsInHand: 1,
  web(app) {
    erasureHooks.register(myDataErasure); // here, not at module top level (see erasure/registry.ts)
    const deps = createMyDataDeps(app);
    return { pages: (router) => addMyDataPages(router, deps) }; // not in the sitemap: robots.txt keeps crawlers off /{lang}/my-data
  },
};
