// Opens the database the configuration names: DATABASE_URL when set, else the embedded PostgreSQL.
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { createDb, type Db } from './knex.ts';

export interface Database {
  readonly db: Db;
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  if (config.databaseUrl) {
    const db = createDb(config.databaseUrl);
    try {
      await db.raw('select 1');
    } catch (error) {
      await db.destroy();
      const where = new URL(config.databaseUrl);
      throw new Error(`cannot reach the database of DATABASE_URL (${where.hostname}:${where.port || 5432}${where.pathname}): ${(error as Error).message}`);
    }
    return { db, url: config.databaseUrl, embedded: false, close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: 'dauys',
    log: (message) => logger.info(message),
  });
  logger.info({ clusterDir: path.relative(process.cwd(), server.clusterDir) || server.clusterDir, port: config.embeddedPgPort }, 'embedded PostgreSQL is running');
  const db = createDb(server.url);
  return {
    db,
    url: server.url,
    embedded: true,
    async close() {
      await db.destroy();
      await server.stop();
    },
  };
}
