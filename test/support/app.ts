// Builds the real app for supertest: its own database (from the migrated template), the real job
// queue and workers, and email through a real SMTP server on loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { AppDeps, Clock } from '../../src/container.ts';
import { loadAllDefaultContent } from '../../src/capabilities.ts';
import { createDb, REQUEST_STATEMENT_TIMEOUT_MS, type Db } from '../../src/db/knex.ts';
import { tolerateDatabaseOutages } from '../../src/db/unavailable.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { registerAllWorkers } from '../../src/capabilities.ts';
import { noPace } from '../../src/lib/pace.ts';
import { createLogger } from '../../src/log.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { resolveSecrets } from '../../src/secrets.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { startTestSmtp, type TestSmtp } from './smtp.ts';

export const BASE_URL = 'http://localhost:3000';

export interface TestApp {
  readonly app: Express;
  readonly deps: AppDeps;
  readonly db: Db;
  readonly smtp: TestSmtp;
  readonly database: TestDatabase;
  /** Another app (as a second instance or after a restart) on the same database and SMTP server. */
  instance(options?: { workers?: boolean; clock?: Clock }): Promise<{ app: Express; deps: AppDeps; close(): Promise<void> }>;
  close(): Promise<void>;
}

interface Options {
  readonly workers?: boolean;
  readonly clock?: Clock;
  readonly env?: Record<string, string>;
  /** The address the app (its pool and job queue) reaches the database by, e.g. through a TCP proxy. */
  readonly reachDatabase?: (url: string) => string;
}

export async function buildTestApp(options: Options = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const smtp = await startTestSmtp();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-test-data-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: dataDir, BASE_URL, SMTP_URL: smtp.url, LOG_LEVEL: 'silent', ...options.env });
  const secrets = resolveSecrets(config);
  const i18n = createI18n();
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  tolerateDatabaseOutages(logger); // as each thread of the app that runs the job queue does
  const setupDb = createDb(database.url);
  await loadAllDefaultContent(setupDb);
  await setupDb.destroy();

  const open: { close(): Promise<void> }[] = [];
  async function instance(opts: { workers?: boolean; clock?: Clock } = {}) {
    const url = options.reachDatabase?.(database.url) ?? database.url;
    // As the app's own pool (db/database.ts): the timeouts of a pool that serves requests.
    const db = createDb(url, { poolMax: 20, statementTimeoutMs: REQUEST_STATEMENT_TIMEOUT_MS });
    const jobs: JobQueue = createJobQueue({ url, logger, pollingIntervalSeconds: 0.5, expireInSeconds: 30, maintenanceIntervalSeconds: 1, retryDelaySeconds: 1, schedules: false });
    await jobs.start();
    const mailer = createMailer({ smtpUrl: smtp.url, from: config.mailFrom, dataDir, logger });
    const deps: AppDeps = { config, secrets, db, logger, i18n, jobs, mailer, clock: opts.clock ?? options.clock ?? { now: () => new Date() }, pace: noPace };
    if (opts.workers ?? options.workers ?? true) await registerAllWorkers(deps);
    const handle = {
      app: createApp(deps),
      deps,
      async close() {
        await jobs.stop();
        mailer.close();
        await db.destroy();
      },
    };
    open.push(handle);
    return handle;
  }
  const first = await instance();
  return {
    app: first.app,
    deps: first.deps,
    db: first.deps.db,
    smtp,
    database,
    instance,
    async close() {
      for (const handle of open.reverse()) await handle.close().catch(() => undefined);
      await smtp.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
