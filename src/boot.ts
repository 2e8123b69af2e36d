// Builds the running services from a configuration: used by the server.
import type { Config } from './config.ts';
import { systemClock, type AppDeps } from './container.ts';
import { openDatabase } from './db/database.ts';
import { loadDefaultContent } from './db/default-content.ts';
import { migrateLatest } from './db/migrate.ts';
import { createI18n } from './i18n/i18n.ts';
import { createJobQueue } from './jobs/queue.ts';
import { createLogger } from './log.ts';
import { createMailer } from './mail/mailer.ts';
import { startWorkerThread } from './jobs/worker-thread.ts';
import { resolveSecrets } from './secrets.ts';

export interface Booted {
  readonly deps: AppDeps;
  shutdown(): Promise<void>;
}

export async function boot(config: Config, options: { workers?: boolean } = {}): Promise<Booted> {
  const logger = createLogger(config.logLevel);
  const secrets = resolveSecrets(config);
  const database = await openDatabase(config, logger);
  try {
    const applied = await migrateLatest(database.db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    await loadDefaultContent(database.db);
    const jobs = createJobQueue({ url: database.url, logger, expireInSeconds: config.jobExpireSeconds, maintenanceIntervalSeconds: Math.min(30, config.jobExpireSeconds) });
    await jobs.start();
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir, logger });
    const deps: AppDeps = { config, secrets, db: database.db, logger, i18n: createI18n(), jobs, mailer, clock: systemClock };
    // The workers run in their own thread (see jobs/worker-thread.ts); this thread only queues jobs.
    const workers = (options.workers ?? config.startWorkers) ? await startWorkerThread({ config, secrets, databaseUrl: database.url }, logger) : undefined;
    return {
      deps,
      async shutdown() {
        await workers?.stop().catch((error: unknown) => logger.error({ err: error }, 'job workers did not stop cleanly'));
        await jobs.stop().catch((error: unknown) => logger.error({ err: error }, 'job queue did not stop cleanly'));
        mailer.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
