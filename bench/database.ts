// The benchmark's PostgreSQL: the server DATABASE_URL names, or a throwaway embedded one (started as
// scripts/test-with-db.ts does, but durable: fsync stays on, so the app and the baseline pay the same
// commit cost as in production). Either way the run gets a fresh database, dropped at the end.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { freePort } from './processes.ts';

export interface BenchDatabase {
  /** The run's own database. */
  readonly url: string;
  readonly name: string;
  /** "embedded PostgreSQL 18.x" or "DATABASE_URL (PostgreSQL 16.x)", with the durability settings. */
  readonly description: string;
  /** The embedded server's processes (postmaster and backends), to measure their CPU; undefined for DATABASE_URL. */
  readonly postgresPids?: () => number[];
  close(): Promise<void>;
}

/** The postmaster of a cluster directory and its children (backends, WAL writer, …). */
function clusterPids(clusterDir: string): number[] {
  try {
    const postmaster = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!Number.isInteger(postmaster) || postmaster <= 0) return [];
    const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
    return [postmaster, ...children];
  } catch {
    return [];
  }
}

const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let tmp: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  const fromEnv = Boolean(adminUrl);
  const cleanupServer = async () => {
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    if (!adminUrl) {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-bench-pg-'));
      fs.chmodSync(tmp, 0o755);
      embedded = await startEmbeddedPostgres({ dataDir: tmp, port: await freePort(), database: 'postgres', ephemeral: false });
      adminUrl = embedded.url;
    }
    const name = `dauys_bench_${process.pid}`;
    const settings = await withClient(adminUrl, async (admin) => {
      await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
      await admin.query(`create database ${admin.escapeIdentifier(name)}`);
      const { rows } = await admin.query<{ version: string; fsync: string; sync: string }>(
        "select current_setting('server_version') as version, current_setting('fsync') as fsync, current_setting('synchronous_commit') as sync",
      );
      return rows[0];
    });
    const admin = adminUrl;
    const version = `PostgreSQL ${settings?.version ?? '?'}`;
    const where = fromEnv ? `DATABASE_URL (${version})` : `embedded ${version}`;
    return {
      url: withDatabase(admin, name),
      name,
      description: `${where}, fsync=${settings?.fsync ?? '?'}, synchronous_commit=${settings?.sync ?? '?'}, database ${name}`,
      ...(embedded ? { postgresPids: () => clusterPids(embedded!.clusterDir) } : {}),
      async close() {
        try {
          await withClient(admin, (client) => client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`));
        } finally {
          await cleanupServer();
        }
      },
    };
  } catch (error) {
    await cleanupServer().catch(() => undefined);
    throw error;
  }
}
