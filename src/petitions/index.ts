// The petitions capability: signing with double opt-in, counts, the public API and the email jobs.
import type { Router } from 'express';
import type { Capability, HomeExtras } from '../capability.ts';
import type { AppDeps } from '../container.ts';
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { Job, Lease } from '../jobs/queue.ts';
import { numberFormatter } from '../i18n/format.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { createPetitionDeps, type PetitionDeps } from './petition-deps.ts';
import { EMAIL_ALREADY_SIGNED, EMAIL_CONFIRMATION, type SignatureJob } from './email-jobs.ts';
import { addLinkPages } from './link.routes.ts';
import { petitionApi as api } from './petition.api.ts';
import { addPetitionPages } from './petition.routes.ts';
import { presentProgress } from './present-petition.ts';
import { createSignatureEmailSender } from './send-signature-email.ts';
import { SIGNATURES_PER_BATCH } from './signature-writer.ts';
import { addThankYouPage } from './thank-you.routes.ts';
import { applyRetention } from './apply-retention.ts';
import { listPetitionSlugs } from './petition.repo.ts';
import { erasureHooks } from '../erasure/index.ts';
import { signatureErasure } from './signature-erasure.ts';

const RETENTION = 'signatures-retention';

export const DEFAULT_PETITION = 'zhanaozen-list';
import { loadDefaultPetitions } from './load-default-petitions.ts';
export { createPetitionDeps, type PetitionDeps };
export { readPetitionTotals, type PetitionTotal } from './counts.repo.ts';
/** The canonical form of an address, the key of de-duplication and erasure (see email-canonical.ts). */
export { canonicalEmail } from './email-canonical.ts';
/** Keyed hashes of email domains, for moderation by domain (see domain-hash.ts). */
export { domainHash, canonicalDomainOf, domainHashOfAddress } from './domain-hash.ts';
/** The sharded counters' upsert, for moderation's invalidations and restores (in the change's transaction). */
export { countUpsertSql, randomShard } from './counts.repo.ts';
/** What a signer agreed to: the hash of a consent wording and its language (for organisers' edits of it). */
export { consentVersion } from './petition.repo.ts';
// For the partner-site embed (embeds/): the same form, the same use-case, the same answers.
export { signPetition } from './sign-petition.ts';
export { parseSignForm, formValues, type SignFormValues, type FieldError } from './signature.schema.ts';
export { loadPetitionPage, type PetitionPageData } from './load-petition-page.ts';
export { isOpen, type Petition, type PetitionText } from './petition.repo.ts';
/** A petition with its title in the organiser's language, for the organisers' pages (dashboard, moderation, reports). */
export { findPetitionHeading, type PetitionHeading } from './petition.repo.ts';

const shared = new WeakMap<AppDeps, PetitionDeps>();
/**
 * The app's one PetitionDeps (one signature writer, so every signature of the app shares its group
 * commit; one count cache): for the petitions' own pages and for another capability that signs.
 */
export function petitionDepsOf(deps: AppDeps): PetitionDeps {
  let petitions = shared.get(deps);
  if (!petitions) shared.set(deps, (petitions = createPetitionDeps(deps)));
  return petitions;
}

export interface PetitionSummary {
  readonly slug: string;
  /** In the language asked for, else English, else the slug. */
  readonly title: string;
  readonly status: 'open' | 'closed';
  readonly deadline: Date | null;
  readonly goal: number;
  /** Confirmed signatures (the sharded counters, exact). */
  readonly confirmed: number;
  readonly createdAt: Date;
}

/** Every petition, newest first, with its confirmed count: read-only, for the organisers' area. */
export async function listPetitionSummaries(db: Queryable, lang: Lang): Promise<PetitionSummary[]> {
  const { rows } = (await db.raw(
    `select p.slug, coalesce(t.title, en.title, p.slug) as title, p.status, p.deadline, p.goal, p.created_at as "createdAt",
            coalesce((select sum(c.n) from signature_counts c where c.petition_id = p.id), 0)::int as confirmed
     from petitions p
     left join petition_translations t on t.petition_id = p.id and t.lang = ?
     left join petition_translations en on en.petition_id = p.id and en.lang = 'en'
     order by p.created_at desc, p.id desc`,
    [lang],
  )) as { rows: PetitionSummary[] };
  return rows;
}

/**
 * Adds the petition pages to the /{lang} router itself: each nested router costs every request that passes
 * through it a few microseconds and a few kilobytes of garbage (its own dispatch, URL re-parsing).
 */
function addPetitionRoutes(router: Router, deps: PetitionDeps): void {
  addPetitionPages(router, deps);
  addThankYouPage(router, deps);
  addLinkPages(router, deps);
}

/** The live count and the call to sign, for the campaign home page. */
function petitionHomeExtras(deps: PetitionDeps): HomeExtras {
  return async (lang) => {
    const petition = await deps.catalog.bySlug(DEFAULT_PETITION);
    if (!petition) return {};
    const counts = await deps.counts.get(petition.id);
    const t = translatorFor(deps.i18n, lang);
    return { petition: { slug: petition.slug, ...presentProgress(t, numberFormatter(lang), counts.total, petition) } };
  };
}

// A job names up to SIGNATURES_PER_BATCH signatures (one group commit), so a fetch of a few jobs is up
// to a few hundred emails.
const EMAIL_WORKERS = { confirmation: 2, alreadySigned: 1 };
const JOBS_PER_FETCH = 4;
/** The most emails the workers can hold at once (the job thread's pace must send them within the job expiry). */
const MAX_EMAILS_IN_HAND = (EMAIL_WORKERS.confirmation + EMAIL_WORKERS.alreadySigned) * JOBS_PER_FETCH * SIGNATURES_PER_BATCH;

async function registerPetitionWorkers(deps: AppDeps): Promise<void> {
  const petitionDeps = createPetitionDeps(deps);
  const sender = createSignatureEmailSender(petitionDeps);
  const emails = (kind: 'confirmation' | 'already-signed') => (jobs: readonly Job<SignatureJob>[], lease: Lease) => sender.sendJobs(kind, jobs, lease);
  await petitionDeps.jobs.workBatch(EMAIL_CONFIRMATION, emails('confirmation'), { concurrency: EMAIL_WORKERS.confirmation, batchSize: JOBS_PER_FETCH });
  await petitionDeps.jobs.workBatch(EMAIL_ALREADY_SIGNED, emails('already-signed'), { concurrency: EMAIL_WORKERS.alreadySigned, batchSize: JOBS_PER_FETCH });
  await petitionDeps.jobs.work(RETENTION, async () => {
    const report = await applyRetention(petitionDeps);
    petitionDeps.logger.info(report, 'retention applied');
  }, { concurrency: 1 });
  await petitionDeps.jobs.schedule(RETENTION, '17 * * * *');
}

export const petitionsCapability: Capability = {
  name: 'petitions',
  loadDefaultContent: loadDefaultPetitions,
  registerWorkers: registerPetitionWorkers,
  maxEmailsInHand: MAX_EMAILS_IN_HAND,
  web(deps) {
    erasureHooks.register(signatureErasure(deps.secrets.encryptionKey)); // here, not at module top level (see erasure/registry.ts)
    const petitions = petitionDepsOf(deps);
    return { api: api(petitions), pages: (router) => addPetitionRoutes(router, petitions), homeExtras: petitionHomeExtras(petitions), sitemap: async () => (await listPetitionSlugs(deps.db)).map((slug) => `/petitions/${slug}`) };
  },
};
