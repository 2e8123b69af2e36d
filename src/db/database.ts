// Opens the database the configuration names: DATABASE_URL when set, else the embedded PostgreSQL.
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { claimDataDir, readOwner } from './data-dir-lock.ts';
import { embeddedUrl, startEmbeddedPostgres } from './embedded-postgres.ts';
import { createDb, REQUEST_STATEMENT_TIMEOUT_MS, type Db } from './knex.ts';

export interface Database {
  readonly db: Db;
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'dauys';

export interface OpenOptions {
  /**
   * The embedded server died and could not be started again (see postmaster-watchdog.ts): the app
   * should exit non-zero. Without it the embedded server is not supervised.
   */
  readonly onDatabaseLost?: (message: string) => void;
}

/**
 * `role` 'app' (npm start) owns the embedded cluster and refuses a DATA_DIR another live process owns;
 * its pool serves requests, so its statements have a timeout (knex.ts). 'cli' attaches to the cluster of
 * a running app (or CLI command) when there is one, else starts and stops its own.
 */
export async function openDatabase(config: Config, logger: Logger, role: 'app' | 'cli' = 'app', options: OpenOptions = {}): Promise<Database> {
  const poolOptions = role === 'app' ? { statementTimeoutMs: REQUEST_STATEMENT_TIMEOUT_MS } : {};
  if (config.databaseUrl) {
    const db = createDb(config.databaseUrl, poolOptions);
    try {
      await db.raw('select 1');
    } catch (error) {
      await db.destroy();
      const where = new URL(config.databaseUrl);
      throw new Error(`cannot reach the database of DATABASE_URL (${where.hostname}:${where.port || 5432}${where.pathname}): ${(error as Error).message}`);
    }
    return { db, url: config.databaseUrl, embedded: false, close: () => db.destroy() };
  }
  const owner = role === 'cli' ? readOwner(config.dataDir) : undefined;
  if (owner) {
    const url = embeddedUrl(config.dataDir, owner.port, EMBEDDED_DATABASE);
    const db = createDb(url, { poolMax: 4 });
    logger.debug({ pid: owner.pid, port: owner.port }, 'using the embedded PostgreSQL of the running process');
    return { db, url, embedded: true, close: () => db.destroy() };
  }
  const release = claimDataDir(config.dataDir, config.embeddedPgPort, role);
  let server;
  try {
    server = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      database: EMBEDDED_DATABASE,
      log: (message, level = 'info') => logger[level](message),
      ...(options.onDatabaseLost ? { onGiveUp: options.onDatabaseLost } : {}),
    });
  } catch (error) {
    release();
    throw error;
  }
  logger.info({ clusterDir: path.relative(process.cwd(), server.clusterDir) || server.clusterDir, port: config.embeddedPgPort }, 'embedded PostgreSQL is running');
  const db = createDb(server.url, poolOptions);
  return {
    db,
    url: server.url,
    embedded: true,
    async close() {
      try {
        await db.destroy();
        await server.stop();
      } finally {
        release();
      }
    },
  };
}
