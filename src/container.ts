// The app's dependencies, wired once at start-up (and by the test app builder with test doubles at the edges).
import type { i18n } from 'i18next';
import type { Config } from './config.ts';
import type { Db } from './db/knex.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Pace } from './lib/pace.ts';
import type { Logger } from './log.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Secrets } from './secrets.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface AppDeps {
  readonly config: Config;
  readonly secrets: Secrets;
  /** The pool that answers requests: every statement has a timeout (db/knex.ts), so an outage is a quick 503. */
  readonly db: Db;
  /**
   * A small pool without that timeout, for the organisers' long reads (a signatories export streamed over
   * minutes, a report over a million rows). Never for what a public request runs.
   */
  readonly bulkDb: Db;
  readonly logger: Logger;
  readonly i18n: i18n;
  readonly jobs: JobQueue;
  readonly mailer: Mailer;
  readonly clock: Clock;
  /** Paces background work (email) while requests need the CPU; noPace where nothing competes. */
  readonly pace: Pace;
}
