// The supporters capability: updates to signers who opted in (compose per language, test, send through
// the job queue with a per-recipient ledger, RFC 8058 one-click unsubscribe) and the deliverability page
// (figures per day, the mail layer's suppression list). See README.md.
import type { Capability } from '../capability.ts';
import type { AppDeps } from '../container.ts';
import { adminNav } from '../admin/index.ts';
import { erasureHooks } from '../erasure/index.ts';
import type { Job, Lease } from '../jobs/queue.ts';
import { createRouter } from '../web/params.ts';
import { addDeliverabilityAdminRoutes } from './deliverability-admin.routes.ts';
import { createUpdateSender } from './send-update.ts';
import { startUpdate } from './start-update.ts';
import { suppressionErasure, unsubscribeErasure, updateRecipientErasure } from './supporter-erasure.ts';
import { addUnsubscribeRoutes } from './unsubscribe.routes.ts';
import { RECIPIENTS_PER_JOB, UPDATE_SEND, UPDATE_START, type UpdateSendJob, type UpdateStartJob } from './update-jobs.ts';
import { addUpdatesAdminRoutes } from './updates-admin.routes.ts';

/**
 * Two workers, each fetching two send jobs (parts of the ledger) at a time and sending them together:
 * one fetch and one settlement per 18 messages, and one worker's queries overlap the other's sending.
 */
const SEND_WORKERS = 2;
const JOBS_PER_FETCH = 2;

async function registerSupporterWorkers(deps: AppDeps): Promise<void> {
  const sender = createUpdateSender(deps);
  await deps.jobs.work<UpdateStartJob>(UPDATE_START, (data) => startUpdate(deps, data.updateId), { concurrency: 1 });
  await deps.jobs.workBatch<UpdateSendJob>(UPDATE_SEND, async (jobs: readonly Job<UpdateSendJob>[], lease: Lease) => {
    return Promise.all(jobs.map((job) => sender.sendJob(job, lease)));
  }, { concurrency: SEND_WORKERS, batchSize: JOBS_PER_FETCH });
}

export const supportersCapability: Capability = {
  name: 'supporters',
  registerWorkers: registerSupporterWorkers,
  maxEmailsInHand: SEND_WORKERS * JOBS_PER_FETCH * RECIPIENTS_PER_JOB,
  web(deps) {
    // Here, not at module top level (capabilities import each other's index.ts).
    adminNav.add({ href: '/admin/updates', labelKey: 'supporters.nav.updates', roles: ['organiser', 'admin'], order: 60 });
    adminNav.add({ href: '/admin/deliverability', labelKey: 'supporters.nav.deliverability', roles: ['organiser', 'admin'], order: 61 });
    erasureHooks.register(suppressionErasure);
    erasureHooks.register(unsubscribeErasure);
    erasureHooks.register(updateRecipientErasure);
    const admin = createRouter();
    addUpdatesAdminRoutes(admin, deps);
    addDeliverabilityAdminRoutes(admin, deps);
    return { uploads: (router) => addUnsubscribeRoutes(router, deps), admin };
  },
};
