// The donations part of `npm run bench` (also runnable alone: node --import tsx bench/donations.ts):
// two app processes on one database, each pointed at a local Stripe API double, take a burst of 2,000
// signed webhook events (10% replays, shuffled) after an untimed warm-up; prints the time, the answer
// latencies, and whether the totals the database then holds are exactly those of the payments sent.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { createDb } from '../src/db/knex.ts';
import { buildBurst, quantile, readTotals, sendBurst, totalsAdded, withoutZeros } from '../test/support/stripe-burst.ts';
import { startStripeDouble } from '../test/support/stripe.ts';
import { freePort, spawnNode, waitForHttp, type Child } from './processes.ts';
import { startSmtpSink } from './sink.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EVENTS = Number(process.env.BENCH_DONATION_EVENTS || 2000);
const CONCURRENCY = Number(process.env.BENCH_DONATION_CONCURRENCY || 32);

export interface DonationBench {
  readonly lines: readonly string[];
  readonly ok: boolean;
}

/**
 * A database of its own beside `url`'s, on the same server: the two instances are one deployment (their
 * secrets and Stripe settings), and another deployment's job workers on a shared database would take
 * their jobs (and fail to read their encrypted addresses).
 */
async function siblingDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${new URL(url).pathname.slice(1) || 'dauys_bench'}_donations`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
  await admin.query(`create database ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const sibling = new URL(url);
  sibling.pathname = `/${name}`;
  return {
    url: sibling.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
      await client.end();
    },
  };
}

/** Runs the burst against two fresh app processes on a fresh database beside `databaseUrl`'s (migrated by the first to start). */
export async function benchDonations(options: { databaseUrl: string; nodeEnv: string; say: (message: string) => void }): Promise<DonationBench> {
  const stops: (() => Promise<void>)[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-bench-donations-'));
  const database = await siblingDatabase(options.databaseUrl);
  const db = createDb(database.url);
  try {
    const stripe = await startStripeDouble();
    stops.push(() => stripe.close());
    const sink = await startSmtpSink();
    stops.push(() => sink.close());
    const secrets = { SESSION_SECRET: randomBytes(32).toString('base64url'), DATA_KEY: randomBytes(32).toString('base64') };
    const apps: { child: Child; origin: string }[] = [];
    for (const name of ['donations app A', 'donations app B']) {
      const port = await freePort();
      const env = { ...process.env, NODE_ENV: options.nodeEnv, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://localhost:${port}`, LOG_LEVEL: 'warn', DATA_DIR: path.join(tmp, name.replace(/\W/g, '')), SMTP_URL: sink.url, START_WORKERS: 'true', ...secrets, ...stripe.env() };
      const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '');
      const child = spawnNode(name, 'src/server.ts', env, path.join(tmp, `${name.replace(/\W/g, '')}.log`), ROOT, nodeArgs);
      stops.push(() => child.stop());
      apps.push({ child, origin: `http://127.0.0.1:${port}` });
      await waitForHttp(child, `http://127.0.0.1:${port}/healthz`); // one at a time: the first migrates
    }
    const origins = apps.map((a) => a.origin);

    const warm = buildBurst({ total: Math.max(200, Math.round(EVENTS / 10)), seed: 5, tag: `warm${Date.now().toString(36)}` });
    const burst = buildBurst({ total: EVENTS, replayShare: 0.1, seed: 17, tag: `bench${Date.now().toString(36)}` });
    for (const [pi, invoice] of [...warm.invoiceOfPaymentIntent, ...burst.invoiceOfPaymentIntent]) stripe.mapPaymentIntent(pi, invoice);
    await sendBurst(warm, origins, CONCURRENCY);
    await new Promise((r) => setTimeout(r, 1000));
    const before = await readTotals(db);

    const run = await sendBurst(burst, origins, CONCURRENCY);
    const expected = withoutZeros(burst.expected);
    let added = totalsAdded(before, await readTotals(db));
    // Refunds of monthly payments are matched by the job threads, a moment later.
    for (const until = Date.now() + 60_000; !isDeepStrictEqual(added, expected) && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 250));
      added = totalsAdded(before, await readTotals(db));
    }
    const exact = isDeepStrictEqual(added, expected);
    const mails = warm.expected.thankYous + burst.expected.thankYous;
    for (const until = Date.now() + 60_000; sink.count() < mails && Date.now() < until; ) await new Promise((r) => setTimeout(r, 250));
    const all200 = run.statuses[200] === burst.events.length;
    const seconds = run.ms / 1000;
    const lines = [
      `donations: ${burst.events.length} webhook events (${burst.replays} replays, shuffled) over 2 app instances on one database in ${seconds.toFixed(2)} s = ${Math.round(burst.events.length / seconds)} events/s at ${CONCURRENCY} in flight; answers p50 ${quantile(run.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(run.latencies, 0.99).toFixed(1)} ms, max ${run.slowestMs.toFixed(1)} ms; statuses ${JSON.stringify(run.statuses)}`,
      `donations: totals after the burst (payments by currency and kind, refunds, net, active monthly donors) ${exact ? 'equal the payments sent: OK' : `MISMATCH: expected ${JSON.stringify(expected)}, got ${JSON.stringify(added)}`}; thank-you emails ${sink.count()} of ${mails}`,
    ];
    for (const line of lines) options.say(line);
    const problems = apps.flatMap((a) => a.child.problems());
    if (problems.length > 0) options.say(`donations: ${problems.length} warning/error lines in the apps' logs, e.g. ${problems.slice(0, 2).join(' | ')}`);
    return { lines, ok: exact && all200 };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await db.destroy();
    await database.drop().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { openBenchDatabase } = await import('./database.ts');
  const database = await openBenchDatabase();
  let code = 1;
  try {
    const result = await benchDonations({ databaseUrl: database.url, nodeEnv: process.env.BENCH_NODE_ENV || 'production', say: (m) => void process.stdout.write(`${m}\n`) });
    code = result.ok ? 0 : 1;
  } finally {
    await database.close();
  }
  process.exit(code);
}
