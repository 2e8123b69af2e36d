// What the letter use-cases need, built once per app (and once in the job thread) from AppDeps.
import type { AppDeps } from '../container.ts';
import { createMepDirectory, type MepDirectory } from '../meps/index.ts';
import { createLimit, type Limit } from '../web/rate-limits.ts';
import { createEligibilityCheck, type EligibilityCheck } from './eligibility.ts';
import { createLetterCatalog, type LetterCatalog } from './letter-catalog.ts';

export interface LetterLimits {
  /** Confirmation emails to one address per day, so nobody can flood an inbox. */
  readonly mailsPerAddress: Limit;
  /** Requests to send per hashed IP per hour. */
  readonly requestsPerIp: Limit;
}

export interface LetterDeps extends Pick<AppDeps, 'db' | 'jobs' | 'secrets' | 'clock' | 'logger' | 'i18n' | 'mailer' | 'config' | 'pace'> {
  readonly catalog: LetterCatalog;
  readonly directory: MepDirectory;
  readonly limits: LetterLimits;
  /** Platform sending's check of each letter (grouped near-copy lookups). */
  readonly eligibility: EligibilityCheck;
}

export function createLetterDeps(deps: AppDeps): LetterDeps {
  return {
    ...deps,
    catalog: createLetterCatalog(deps.db),
    directory: createMepDirectory(deps.db),
    eligibility: createEligibilityCheck(deps.db),
    limits: { mailsPerAddress: createLimit('letters-mail', 5, 24 * 3600), requestsPerIp: createLimit('letters-ip', 20, 3600) },
  };
}
