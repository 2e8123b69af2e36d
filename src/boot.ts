// Builds the running services from a configuration: used by the server.
import type { Config } from './config.ts';
import { systemClock, type AppDeps } from './container.ts';
import { openDatabase } from './db/database.ts';
import { loadAllDefaultContent } from './capabilities.ts';
import { migrateLatest } from './db/migrate.ts';
import { createI18n } from './i18n/i18n.ts';
import { createLogger } from './log.ts';
import { startJobThread } from './job-thread.ts';
import { noPace } from './lib/pace.ts';
import { resolveSecrets } from './secrets.ts';
import { createJobServices } from './services.ts';

export interface Booted {
  readonly deps: AppDeps;
  shutdown(): Promise<void>;
}

export async function boot(config: Config): Promise<Booted> {
  const logger = createLogger(config.logLevel);
  const secrets = resolveSecrets(config);
  const database = await openDatabase(config, logger);
  try {
    const applied = await migrateLatest(database.db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    await loadAllDefaultContent(database.db);
    const { jobs, mailer } = createJobServices(config, database.url, logger);
    await jobs.start();
    const deps: AppDeps = { config, secrets, db: database.db, logger, i18n: createI18n(), jobs, mailer, clock: systemClock, pace: noPace };
    // The workers run in their own thread (see jobs/worker-thread.ts); this thread only queues jobs.
    const workers = config.startWorkers ? await startJobThread({ config, secrets, databaseUrl: database.url }, logger) : undefined;
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
