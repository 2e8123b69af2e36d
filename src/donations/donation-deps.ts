// What the donation use-cases need, built once per app (and once in the job thread) from AppDeps.
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../container.ts';
import { DEFAULT_CAMPAIGN } from '../campaign/index.ts';
import { createLimit, type Limit } from '../web/rate-limits.ts';
import { stripeSetup, type StripeSetup } from './stripe-client.ts';

export interface DonationDeps extends Pick<AppDeps, 'db' | 'jobs' | 'secrets' | 'clock' | 'logger' | 'i18n' | 'mailer' | 'config' | 'pace'> {
  readonly stripe: StripeSetup;
  /** The campaign donations go to (its slug, in every session's metadata). */
  readonly campaign: string;
  /**
   * Checkout sessions per hashed IP per 10 minutes: generous, because behind Tor or a carrier's NAT many
   * people share an address, and a session costs nothing until someone pays on it.
   */
  readonly checkoutsPerIp: Limit;
  /** A new v4 UUID (the intent id and idempotency key); injected so tests can choose it. */
  readonly newId: () => string;
}

export function createDonationDeps(deps: AppDeps, overrides: Partial<Pick<DonationDeps, 'newId' | 'stripe'>> = {}): DonationDeps {
  return {
    ...deps,
    stripe: overrides.stripe ?? stripeSetup(deps.config.stripe),
    campaign: DEFAULT_CAMPAIGN,
    checkoutsPerIp: createLimit('donate-ip', 30, 600),
    newId: overrides.newId ?? randomUUID,
  };
}
