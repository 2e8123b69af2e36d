// Builds the running services from a configuration: used by the server.
// If the embedded database dies and its watchdog cannot start it again, the app logs one fatal line and
// stops itself with exit code 1 (the same route as the job thread dying, see server.ts).
import type { Config } from './config.ts';
import { systemClock, type AppDeps } from './container.ts';
import { openDatabase } from './db/database.ts';
import { createDb } from './db/knex.ts';
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

/**
 * With the database gone for good, the job queue cannot finish its jobs (pg-boss would wait out its
 * graceful timeout for each of them): each step of the shutdown then gets this long at most.
 */
const LOST_DATABASE_STEP_MS = 2000;

/** `step`, or after `ms` (if given) give up waiting for it. */
const within = (step: Promise<void>, ms: number | undefined): Promise<void> =>
  ms === undefined ? step : Promise.race([step, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

export async function boot(config: Config): Promise<Booted> {
  const logger = createLogger(config.logLevel);
  const secrets = resolveSecrets(config);
  let databaseLost = false;
  const database = await openDatabase(config, logger, 'app', {
    onDatabaseLost(message) {
      databaseLost = true;
      logger.fatal(`${message}: stopping Dauys (exit code 1) so that its supervisor restarts it`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    },
  });
  try {
    // Migrations get a pool of their own, without the statement timeout of the pool that serves requests.
    const setup = createDb(database.url, { poolMax: 2 });
    try {
      const applied = await migrateLatest(setup);
      if (applied.length > 0) logger.info({ applied }, 'migrations applied');
      await loadAllDefaultContent(setup);
    } finally {
      await setup.destroy();
    }
    const { jobs, mailer } = createJobServices(config, database.url, logger);
    await jobs.start();
    const deps: AppDeps = { config, secrets, db: database.db, logger, i18n: createI18n(), jobs, mailer, clock: systemClock, pace: noPace };
    // The workers run in their own thread (see jobs/worker-thread.ts); this thread only queues jobs.
    const workers = config.startWorkers ? await startJobThread({ config, secrets, databaseUrl: database.url }, logger) : undefined;
    return {
      deps,
      async shutdown() {
        const limit = databaseLost ? LOST_DATABASE_STEP_MS : undefined;
        if (workers) await within(workers.stop().catch((error: unknown) => logger.error({ err: error }, 'job workers did not stop cleanly')), limit);
        await within(jobs.stop().catch((error: unknown) => logger.error({ err: error }, 'job queue did not stop cleanly')), limit);
        mailer.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
