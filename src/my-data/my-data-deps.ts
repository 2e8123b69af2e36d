// What the my-data use-cases need, built once per app (and once in the job thread) from AppDeps.
import type { AppDeps } from '../container.ts';
import { createLimit, type Limit } from '../web/rate-limits.ts';

export interface MyDataLimits {
  /** Emails with a link to one address per day (its keyed hash): nobody can flood an inbox. */
  readonly mailsPerAddress: Limit;
  /** Requests per hashed IP per hour (the form). */
  readonly requestsPerIp: Limit;
}

export interface MyDataDeps extends Pick<AppDeps, 'db' | 'jobs' | 'secrets' | 'clock' | 'logger' | 'i18n' | 'mailer' | 'config'> {
  readonly limits: MyDataLimits;
}

export const MAILS_PER_ADDRESS_PER_DAY = 3;
export const MAIL_LIMIT_NAME = 'my-data-mail';

export function createMyDataDeps(deps: AppDeps): MyDataDeps {
  return { ...deps, limits: { mailsPerAddress: createLimit(MAIL_LIMIT_NAME, MAILS_PER_ADDRESS_PER_DAY, 24 * 3600), requestsPerIp: createLimit('my-data-ip', 20, 3600) } };
}
