// The capabilities of Dauys, in the order their pages are routed (the pages a viral spike hits first).
// Adding a capability is one line here; see capability.ts for what each one provides.
import type { AppDeps } from './container.ts';
import type { Capability } from './capability.ts';
import type { Db } from './db/knex.ts';
import { adminCapability } from './admin/index.ts';
import { campaignCapability } from './campaign/index.ts';
import { erasureCapability } from './erasure/index.ts';
import { donationsCapability } from './donations/index.ts';
import { pagesCapability } from './pages/index.ts';
import { operationsCapability } from './operations/index.ts';
import { petitionsCapability } from './petitions/index.ts';
import { evidenceCapability } from './evidence/index.ts';
import { listCapability } from './list/index.ts';
import { reportsCapability } from './reports/index.ts';
import { mepsCapability } from './meps/index.ts';
import { lettersCapability } from './letters/index.ts';
import { embedsCapability } from './embeds/index.ts';
import { contentCapability } from './content/index.ts';
import { myDataCapability } from './my-data/index.ts';
import { moderationCapability } from './moderation/index.ts';
import { dashboardCapability } from './dashboard/index.ts';
import { supportersCapability } from './supporters/index.ts';
import { canonicalEmail } from './petitions/index.ts';
import { hmac } from './lib/crypto.ts';
import { withSuppression } from './mail/suppressing-mailer.ts';

export const CAPABILITIES: readonly Capability[] = [
  petitionsCapability,
  campaignCapability,
  pagesCapability,
  lettersCapability,
  supportersCapability,
  mepsCapability,
  donationsCapability,
  evidenceCapability,
  listCapability,
  adminCapability,
  contentCapability,
  reportsCapability,
  dashboardCapability,
  moderationCapability,
  erasureCapability,
  embedsCapability,
  myDataCapability,
  operationsCapability,
];

/** Every capability's default content, idempotently (organisers' edits are kept). */
export async function loadAllDefaultContent(db: Db): Promise<void> {
  for (const capability of CAPABILITIES) await capability.loadDefaultContent?.(db);
}

/**
 * Every capability's workers, with the one mailer they all send through: it skips suppressed addresses
 * and suppresses an address a server refuses for good (mail/suppressing-mailer.ts), keyed by the same
 * hash as erasure (the petitions' canonical form).
 */
export async function registerAllWorkers(deps: AppDeps): Promise<void> {
  const hashOf = (address: string) => {
    const canonical = canonicalEmail(address);
    return canonical ? hmac(deps.secrets.lookupKey, canonical) : undefined;
  };
  const mailer = withSuppression(deps.mailer, { db: deps.db, hashOf, now: () => deps.clock.now(), logger: deps.logger });
  const wired: AppDeps = { ...deps, mailer };
  for (const capability of CAPABILITIES) await capability.registerWorkers?.(wired);
}

/** The most emails all capabilities' workers can hold at once. */
export const maxEmailsInHand = (): number => CAPABILITIES.reduce((sum, c) => sum + (c.maxEmailsInHand ?? 0), 0);
