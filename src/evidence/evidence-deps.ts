// What the evidence use-cases need, built once per app (and in the job thread) from AppDeps.
import type { AppDeps } from '../container.ts';
import { createLimit, type Limit } from '../web/rate-limits.ts';
import { createPartStore, type PartStore } from './part-store.ts';

export interface EvidenceLimits {
  /** Submissions and additions per clock hour, for everyone together (behind Tor every source has one IP). */
  readonly perHour: Limit;
  /** The same per UTC day. */
  readonly perDay: Limit;
  /** Wrong receipts per window, for everyone together; once spent, every lookup waits for the next window. */
  readonly wrongReceipts: Limit;
}

export interface EvidenceDeps extends Pick<AppDeps, 'db' | 'config' | 'secrets' | 'clock' | 'logger' | 'i18n'> {
  readonly store: PartStore;
  readonly limits: EvidenceLimits;
}

/** The shared counters' one key: the limits are global, never per visitor. */
export const EVERYONE = 'all';

export function createEvidenceDeps(deps: AppDeps): EvidenceDeps {
  return {
    db: deps.db,
    config: deps.config,
    secrets: deps.secrets,
    clock: deps.clock,
    logger: deps.logger,
    i18n: deps.i18n,
    store: createPartStore(deps.config.dataDir),
    limits: {
      perHour: createLimit('evidence-hour', 30, 3600),
      perDay: createLimit('evidence-day', 200, 24 * 3600),
      wrongReceipts: createLimit('evidence-receipt', 20, 15 * 60),
    },
  };
}
