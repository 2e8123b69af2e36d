// The letters capability: letter campaigns to MEPs (templates per language, targets, the prisoners
// list), the supporter's tool at /{lang}/letters (mailto, PDF, or sending through Dauys after a
// confirmation, paced per MEP), the "did they answer?" follow-up, and the pressure map.
import type { Router } from 'express';
import type { Capability, HomeExtras } from '../capability.ts';
import type { AppDeps } from '../container.ts';
import type { Job } from '../jobs/queue.ts';
import type { Lang } from '../i18n/languages.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { applyLetterRetention } from './apply-letter-retention.ts';
import { deliverLetter } from './deliver-letter.ts';
import { dispatchDueLetters } from './dispatch-letters.ts';
import { createLetterDeps, type LetterDeps } from './letter-deps.ts';
import { LETTER_DELIVER, LETTERS_CONFIRMATION, LETTERS_DISPATCH, LETTERS_FOLLOWUP, LETTERS_RETENTION, type LetterJob, type RequestJob } from './letter-jobs.ts';
import { addLinkPages } from './link.routes.ts';
import { loadDefaultLetters } from './load-default-letters.ts';
import { addMapPage } from './map.routes.ts';
import { sendConfirmationEmail } from './send-confirmation-email.ts';
import { sendDueFollowups } from './send-followups.ts';
import { toolRoutes } from './tool.routes.ts';
import { lettersAdmin } from './admin/letters-admin.routes.ts';
import { letterErasure } from './letter-erasure.ts';
import { erasureHooks } from '../erasure/index.ts';

export { LETTERS_DISPATCH, LETTERS_FOLLOWUP, LETTERS_RETENTION } from './letter-jobs.ts';

const WORKERS = { confirmation: 2, deliver: 2 };
/** Jobs (one email each) a worker fetches at once. */
const BATCH = 5;

/** Runs one job per email, a fetched batch at a time; returns each job's error (to retry it) or undefined. */
const each = <T>(send: (data: T) => Promise<void>) => async (jobs: readonly Job<T>[]) =>
  (await Promise.allSettled(jobs.map((job) => send(job.data)))).map((r) => (r.status === 'fulfilled' ? undefined : r.reason instanceof Error ? r.reason : new Error(String(r.reason))));

async function registerLetterWorkers(app: AppDeps): Promise<void> {
  const deps = createLetterDeps(app);
  await deps.jobs.workBatch<RequestJob>(LETTERS_CONFIRMATION, each((data) => sendConfirmationEmail(deps, data.requestId)), { concurrency: WORKERS.confirmation, batchSize: BATCH });
  await deps.jobs.workBatch<LetterJob>(LETTER_DELIVER, each((data) => deliverLetter(deps, data.letterId)), { concurrency: WORKERS.deliver, batchSize: BATCH });
  await deps.jobs.work(LETTERS_DISPATCH, async () => void (await dispatchDueLetters(deps)), { concurrency: 1 });
  await deps.jobs.work(LETTERS_FOLLOWUP, async () => void (await sendDueFollowups(deps)), { concurrency: 1 });
  await deps.jobs.work(LETTERS_RETENTION, async () => {
    const report = await applyLetterRetention(deps);
    if (report.expired > 0) deps.logger.info(report, 'letter requests expired');
  }, { concurrency: 1 });
  await deps.jobs.schedule(LETTERS_DISPATCH, '* * * * *');
  await deps.jobs.schedule(LETTERS_FOLLOWUP, '7 * * * *');
  await deps.jobs.schedule(LETTERS_RETENTION, '23 * * * *');
}

/** The way to act that the letter tool adds to the campaign home page. */
function letterHomeExtras(deps: LetterDeps): HomeExtras {
  return async (lang: Lang) => {
    const bundle = await deps.catalog.featured();
    if (!bundle || bundle.campaign.status !== 'open') return {};
    const t = translatorFor(deps.i18n, lang);
    return { letters: { href: `/${lang}/letters`, mapHref: `/${lang}/letters/map`, title: t('letters.home.title'), body: t('letters.home.body'), action: t('letters.home.action'), map: t('letters.home.map') } };
  };
}

export const lettersCapability: Capability = {
  name: 'letters',
  loadDefaultContent: loadDefaultLetters,
  registerWorkers: registerLetterWorkers,
  // A batch per worker of the two email queues, and the follow-up sender's one email.
  maxEmailsInHand: (WORKERS.confirmation + WORKERS.deliver) * BATCH + 1,
  web(app) {
    erasureHooks.register(letterErasure(app.secrets.encryptionKey)); // here, not at module top level (see erasure/registry.ts)
    const deps = createLetterDeps(app);
    const tool = toolRoutes(deps);
    return {
      uploads: (router: Router) => tool.forms(router),
      pages: (router: Router) => {
        tool.page(router);
        addMapPage(router, deps);
        addLinkPages(router, deps);
      },
      admin: lettersAdmin(deps),
      homeExtras: letterHomeExtras(deps),
    };
  },
};
