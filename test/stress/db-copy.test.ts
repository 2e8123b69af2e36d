// db:copy, as an operator moves a campaign from the embedded database to a PostgreSQL server: signatures
// made, confirmed and withdrawn on the embedded default (with email jobs done and some still waiting),
// npm start stopped, then `npm run cli -- db:copy --to <a fresh database on the test server>`. Every table
// has the same row count on both sides, both apps give the same API answers, new rows continue the
// sequences, and a second copy into the now non-empty database is refused, as is a copy beside a running npm start.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { runCli } from '../support/cli.ts';
import { browserPress, browserSign, sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { freeFixedPort } from '../support/ports.ts';
import { linkIn, startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const TABLES_SQL = `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and not c.relispartition and n.nspname in ('public', 'pgboss') order by 1`;

async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const { name } of (await client.query<{ name: string }>(TABLES_SQL)).rows) {
      counts[name] = Number((await client.query<{ n: string }>(`select count(*) as n from ${name.split('.').map((p) => `"${p}"`).join('.')}`)).rows[0]!.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

describe('db:copy from the embedded database to a PostgreSQL server', () => {
  let smtp: TestSmtp;
  let root: string;
  let env: Record<string, string>;
  let targetUrl: string;
  const apps: AppProcess[] = [];

  before(async () => {
    smtp = await startTestSmtp();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-copy-'));
    fs.chmodSync(root, 0o755);
    env = { DATA_DIR: path.join(root, 'data'), EMBEDDED_PG_PORT: String(await freeFixedPort()), DATABASE_URL: '', SMTP_URL: smtp.url, ...sharedSecrets() };
    const admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    const name = `${process.env.TEST_PG_PREFIX}copy_${randomBytes(4).toString('hex')}`; // dropped with the other test databases
    await admin.query(`create database "${name}"`);
    await admin.end();
    const url = new URL(process.env.TEST_PG_ADMIN_URL!);
    url.pathname = `/${name}`;
    targetUrl = url.toString();
  });
  after(async () => {
    for (const app of apps) await app.kill('SIGTERM');
    await smtp.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('copies every row, and both databases answer the same', async () => {
    // On the embedded default: 30 signatures, 20 confirmed, 2 withdrawn; then 3 whose emails are still queued.
    const first = await startAppProcess(env);
    apps.push(first);
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => browserSign(first.url, { name: `Copy ${i}`, email: `copy-${i}@example.org`, country: i % 3 ? 'PL' : 'KZ', consent: 'on' })));
    assert.deepEqual([...new Set(statuses)], [303]);
    const mails = await smtp.waitFor(30, 60_000);
    for (const mail of mails.slice(0, 20)) assert.equal(await browserPress(first.url, linkIn(mail, /\/en\/confirm\//)), 303);
    for (const mail of mails.slice(0, 2)) assert.equal(await browserPress(first.url, linkIn(mail, /\/en\/withdraw\//)), 303);
    await first.kill('SIGTERM');
    const webOnly = await startAppProcess({ ...env, START_WORKERS: 'false' });
    apps.push(webOnly);
    for (let i = 0; i < 3; i += 1) assert.equal(await browserSign(webOnly.url, { name: `Queued ${i}`, email: `queued-${i}@example.org`, country: 'DE', consent: 'on' }), 303);

    const refusedWhileRunning = await runCli(['db:copy', '--to', targetUrl], env);
    assert.equal(refusedWhileRunning.code, 2);
    assert.match(refusedWhileRunning.stderr, /npm start is running/);
    await webOnly.kill('SIGTERM');

    const copied = await runCli(['db:copy', '--to', targetUrl], env);
    assert.equal(copied.code, 0, copied.stderr);
    assert.ok(copied.stdout.includes(`\nDATABASE_URL=${targetUrl}\n`), copied.stdout);
    assert.match(copied.stdout, /petition zhanaozen-list: 18 confirmed on the server, 18 in the embedded database/);
    console.log(`db:copy: ${copied.stdout.split('\n').find((l) => l.startsWith('copied'))}`);

    // Row counts, table by table, with the embedded cluster started on its own (nothing else writing).
    const cluster = await startEmbeddedPostgres({ dataDir: env.DATA_DIR!, port: Number(env.EMBEDDED_PG_PORT), database: 'dauys' });
    let source: Record<string, number>;
    try {
      source = await rowCounts(cluster.url);
    } finally {
      await cluster.stop();
    }
    const target = await rowCounts(targetUrl);
    assert.deepEqual(target, source);
    assert.equal(source['public.signatures'], 33);
    assert.ok(source['pgboss.job']! >= 4, 'the email jobs (done and waiting) came too');

    const again = await runCli(['db:copy', '--to', targetUrl], env);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /the target database is not empty/);

    // The same answers from both; then a new signature on the server continues the sequence.
    const onEmbedded = await startAppProcess({ ...env, START_WORKERS: 'false' });
    apps.push(onEmbedded);
    const onServer = await startAppProcess({ ...env, DATA_DIR: path.join(root, 'server-data'), DATABASE_URL: targetUrl, START_WORKERS: 'false' });
    apps.push(onServer);
    for (const api of ['/api/v1/petitions/zhanaozen-list']) {
      const [a, b] = await Promise.all([onEmbedded, onServer].map(async (app) => (await fetch(`${app.url}${api}`)).json()));
      assert.deepEqual(b, a, api);
      assert.equal((a as { signatureCount: number }).signatureCount, 18);
    }
    assert.equal(await browserSign(onServer.url, { name: 'After the move', email: 'after-move@example.org', country: 'PL', consent: 'on' }), 303);
    const client = new pg.Client({ connectionString: targetUrl });
    await client.connect();
    const ids = (await client.query<{ id: string }>('select id from signatures order by id')).rows.map((r) => Number(r.id));
    await client.end();
    assert.equal(ids.length, 34);
    assert.ok(ids.at(-1)! > Math.max(...ids.slice(0, -1)), 'the new row continues the copied sequence');
  });
});
