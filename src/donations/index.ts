// The donations capability: the donate form → Stripe Checkout (one-off or monthly, EUR/PLN/USD), the
// Stripe webhook (each event and each payment counted once, whatever the order), the thank-you email,
// and the public progress bar. Without STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET it stays off: the
// donate page says so, the webhook does not exist, nothing else changes.
import type { Capability, HomeExtras } from '../capability.ts';
import type { AppDeps } from '../container.ts';
import { adminNav } from '../admin/index.ts';
import { donationAdminRoutes } from './admin.routes.ts';
import { applyDonationRetention } from './apply-retention.ts';
import { addDonatePages } from './donate.routes.ts';
import { createDonationDeps, type DonationDeps } from './donation-deps.ts';
import { DONATIONS_RETENTION, MATCH_REFUND, THANK_YOU_EMAIL, type MatchRefundJob, type ThankYouJob } from './donation-jobs.ts';
import { createDonationsSite, type DonationsSite } from './donations-site.ts';
import { matchRefund } from './match-refund.ts';
import { sendThankYou } from './send-thank-you.ts';
import { addStopPages } from './stop.routes.ts';
import { webhookRoutes } from './webhook.routes.ts';
import { donationErasure } from './erase-donor.ts';
import { erasureHooks } from '../erasure/index.ts';

export { createDonationDeps, type DonationDeps };
export { eraseDonor, findDonorRecord, type DonorRecord } from './erase-donor.ts';

/** The way to donate (and the progress bar, if switched on) for the campaign home page. */
function donateHomeExtras(deps: DonationDeps, site: DonationsSite): HomeExtras {
  return async (lang) => (deps.stripe.on ? { donate: { href: `/${lang}/donate`, progress: await site.progress(lang) } } : {});
}

const THANK_YOU_WORKERS = 1;

async function registerDonationWorkers(appDeps: AppDeps): Promise<void> {
  const deps = createDonationDeps(appDeps);
  await deps.jobs.work<ThankYouJob>(THANK_YOU_EMAIL, (job) => sendThankYou(deps, job), { concurrency: THANK_YOU_WORKERS });
  await deps.jobs.work<MatchRefundJob>(MATCH_REFUND, (job) => matchRefund(deps, job), { concurrency: 1 });
  await deps.jobs.work(DONATIONS_RETENTION, async () => {
    deps.logger.info(await applyDonationRetention(deps), 'donations retention applied');
  }, { concurrency: 1 });
  await deps.jobs.schedule(DONATIONS_RETENTION, '41 3 * * *');
}

export const donationsCapability: Capability = {
  name: 'donations',
  registerWorkers: registerDonationWorkers,
  web(appDeps) {
    erasureHooks.register(donationErasure); // here, not at module top level (see erasure/registry.ts)
    const deps = createDonationDeps(appDeps);
    if (!deps.stripe.on) deps.logger.info({ reason: deps.stripe.reason }, 'donations are off (set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)');
    const site = createDonationsSite(deps);
    // In web(), never at module top level (see admin/nav.ts).
    adminNav.add({ href: '/admin/donations', labelKey: 'donations.admin.nav', roles: ['organiser', 'admin'], order: 40 });
    return {
      raw: webhookRoutes(deps),
      pages: (router) => {
        addDonatePages(router, deps, site);
        addStopPages(router, deps);
      },
      homeExtras: donateHomeExtras(deps, site),
      admin: donationAdminRoutes(deps),
      viewLocals: { donations: { on: deps.stripe.on } },
    };
  },
};
