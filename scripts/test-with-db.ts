// npm test: runs every test file under test/ with node's test runner against a real PostgreSQL.
// DATABASE_URL set → that server; else a throwaway embedded PostgreSQL. Migrations (and the job
// queue's schema) are applied once to a template database; each test file then gets its own copy,
// which it drops when done. The template is dropped at the end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { createDb } from '../src/db/knex.ts';
import { migrateLatest } from '../src/db/migrate.ts';
import { createJobQueue } from '../src/jobs/queue.ts';
import { createLogger } from '../src/log.ts';

function findTests(dir: string, filter: string[]): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full, filter));
    else if (entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found.filter((f) => filter.length === 0 || filter.some((part) => f.includes(part))).sort();
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function prepareTemplate(adminUrl: string, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${admin.escapeIdentifier(template)}`);
  await admin.end();
  const url = withDatabase(adminUrl, template);
  const db = createDb(url);
  await migrateLatest(db);
  await db.destroy();
  const jobs = createJobQueue({ url, logger: createLogger('silent') });
  await jobs.start(); // creates the pgboss schema in the template
  await jobs.stop();
}

async function dropDatabases(adminUrl: string, prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${prefix}%`]);
  for (const { datname } of rows) await admin.query(`drop database if exists ${admin.escapeIdentifier(datname)} with (force)`);
  await admin.end();
}

async function main(): Promise<number> {
  const files = findTests(path.resolve('test'), process.argv.slice(2));
  if (files.length === 0) throw new Error('no test files found');
  let embedded: EmbeddedPostgres | undefined;
  let tmp: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-pgtest-'));
    fs.chmodSync(tmp, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: tmp, port: await freePort(), database: 'postgres', ephemeral: true });
    adminUrl = embedded.url;
  }
  const prefix = `dauys_test_${process.pid}_`;
  const template = `${prefix}template`;
  try {
    await prepareTemplate(adminUrl, template);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? '3'}`, '--test-timeout=600000', ...files], {
        stdio: 'inherit',
        env: { ...process.env, TEST_PG_ADMIN_URL: adminUrl, TEST_PG_TEMPLATE: template, TEST_PG_PREFIX: prefix, DATABASE_URL: '', NODE_ENV: 'test' },
      });
      child.on('close', (exitCode) => resolve(exitCode ?? 1));
    });
    return code;
  } finally {
    await dropDatabases(adminUrl, prefix).catch((error: unknown) => console.error('could not drop test databases:', error));
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
