// What the petition use-cases need, built once per app from AppDeps.
import type { AppDeps } from '../container.ts';
import { createLimit, type Limit } from '../web/rate-limits.ts';
import { createCountCache, type CountCache } from './count-cache.ts';
import { createPetitionCatalog, type PetitionCatalog } from './petition-catalog.ts';
import { createSignatureWriter, type SignatureWriter } from './signature-writer.ts';
import { createConfirmWriter, type ConfirmWriter } from './confirm-signature.ts';

export interface PetitionLimits {
  /** Signatures per hashed IP per hour before they are flagged. */
  readonly perIp: Limit;
  /** Signatures per email domain per 10 minutes before they are flagged (large providers exempt). */
  readonly perDomain: Limit;
  /** Emails to one address per day (duplicate notices and resends), so nobody can flood an inbox. */
  readonly mailsPerAddress: Limit;
}

export interface PetitionDeps extends Pick<AppDeps, 'db' | 'jobs' | 'secrets' | 'clock' | 'logger' | 'i18n' | 'mailer' | 'config' | 'pace'> {
  readonly limits: PetitionLimits;
  readonly counts: CountCache;
  readonly catalog: PetitionCatalog;
  /** Stores signatures by group commit. */
  readonly signatureWriter: SignatureWriter;
  /** Confirms signatures by group commit. */
  readonly confirmWriter: ConfirmWriter;
}

export function createPetitionDeps(deps: AppDeps): PetitionDeps {
  const limits: PetitionLimits = {
    perIp: createLimit('sign-ip', 10, 3600),
    perDomain: createLimit('sign-domain', 100, 600),
    mailsPerAddress: createLimit('mail-address', 5, 24 * 3600),
  };
  return {
    ...deps,
    limits,
    counts: createCountCache(deps.db),
    catalog: createPetitionCatalog(deps.db),
    signatureWriter: createSignatureWriter({ ...deps, limits }),
    confirmWriter: createConfirmWriter(deps),
  };
}
