// The updates bench: one update to BENCH_UPDATE_RECIPIENTS (100,000) opted-in signers, seeded in SQL,
// sent by the app's job thread through the local SMTP sink; beside it, on the same app, the confirmation
// mail path draining BENCH_UPDATE_CONFIRMATIONS (20,000) queued confirmation emails (jobs of 100
// signatures, as signing's group commit writes them). Prints mails/s of both and the app's peak RSS
// (VmHWM: the process with its job thread). Target: the update at least as fast as the confirmations.
// Run alone: `node --import tsx bench/updates.ts` (DATABASE_URL, else a throwaway embedded server).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../src/db/knex.ts';
import { loadConfig } from '../src/config.ts';
import { resolveSecrets } from '../src/secrets.ts';
import { encrypt } from '../src/lib/crypto.ts';
import { openBenchDatabase } from './database.ts';
import { freePort, spawnNode, waitForHttp } from './processes.ts';
import { startSmtpSink, type SmtpSink } from './sink.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DISTINCT = 300;
const LANGS = ['en', 'ru', 'kk', 'pl'];

const peakRssMiB = (pid: number | undefined): number => {
  const status = pid === undefined ? '' : fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
};

async function seed(db: Db, key: Buffer, count: number, state: 'confirmed' | 'pending', tag: string): Promise<void> {
  const emails = Array.from({ length: DISTINCT }, (_, i) => encrypt(key, `${tag}.${i}@example.net`));
  const names = Array.from({ length: DISTINCT }, (_, i) => encrypt(key, `Bench Signer ${i}`));
  const petition = ((await db('petitions').where({ slug: 'zhanaozen-list' }).first('id')) as { id: number }).id;
  await db.raw(
    `insert into signatures (petition_id, state, validity, email_hash, email_enc, name_enc, country, updates, lang, consent_version, consented_at, created_at, confirmed_at)
     select ?, ?, 'valid', sha256(convert_to(? || ':' || g, 'UTF8')), (?::bytea[])[1 + g % ${DISTINCT}], (?::bytea[])[1 + g % ${DISTINCT}], 'PL', true,
            (?::text[])[1 + g % 4], 'bench', now() - interval '1 hour', now() - interval '1 hour', case when ? = 'confirmed' then now() - interval '30 minutes' end
       from generate_series(1, ?::int) as g`,
    [petition, state, tag, emails, names, LANGS, state, count],
  );
}

/** Waits until the sink has `target` more messages than `from`; returns seconds from `startedAt` to the last. */
async function drain(sink: SmtpSink, from: number, target: number, startedAt: number, limitS: number, say: (m: string) => void): Promise<{ count: number; seconds: number }> {
  let last = 0;
  while (sink.count() - from < target && performance.now() - startedAt < limitS * 1000) {
    if (performance.now() - last > 5000) {
      last = performance.now();
      say(`  ${sink.count() - from} of ${target}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const arrivals = sink.arrivals();
  const count = Math.min(sink.count() - from, target);
  return { count, seconds: ((arrivals[from + count - 1] ?? performance.now()) - startedAt) / 1000 };
}

export interface UpdatesBench {
  readonly lines: string[];
  readonly ok: boolean;
}

export async function benchUpdates(options: { databaseUrl: string; recipients: number; confirmations: number; say: (m: string) => void }): Promise<UpdatesBench> {
  const { say } = options;
  const sink = await startSmtpSink();
  sink.keep(false);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-bench-updates-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env, NODE_ENV: 'production', DATABASE_URL: options.databaseUrl, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn', DATA_DIR: path.join(tmp, 'data'), SMTP_URL: sink.url, START_WORKERS: 'true', SESSION_SECRET: randomBytes(32).toString('base64url'), DATA_KEY: randomBytes(32).toString('base64'),
  };
  const key = resolveSecrets(loadConfig(env as Record<string, string>)).encryptionKey;
  const app = spawnNode('the app (updates)', 'src/server.ts', env, path.join(tmp, 'app.log'), ROOT);
  const db = createDb(options.databaseUrl, { poolMax: 2 });
  try {
    await waitForHttp(app, `http://127.0.0.1:${port}/healthz`);
    const pid = app.process.pid;

    // The confirmation path: pending signatures and their jobs, as a signing spike leaves them.
    const seededAt = performance.now();
    await seed(db, key, options.confirmations, 'pending', `confirm-${process.pid}`);
    say(`seeded ${options.confirmations} pending signatures in ${((performance.now() - seededAt) / 1000).toFixed(1)} s; queuing their confirmation emails`);
    const before = sink.count();
    const confirmStart = performance.now();
    await db.raw(
      `insert into pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, policy)
       select 'email-signature-confirmation', jsonb_build_object('signatureIds', array_agg(id::text)), 10, 15, true, interval '120 seconds', (select policy from pgboss.queue where name = 'email-signature-confirmation')
         from (select id, (row_number() over (order by id) - 1) / 100 as part from signatures where state = 'pending' and consent_version = 'bench') s group by part`,
    );
    const confirmations = await drain(sink, before, options.confirmations, confirmStart, 600, say);
    const confirmRate = confirmations.count / confirmations.seconds;
    say(`confirmation path: ${confirmations.count} emails in ${confirmations.seconds.toFixed(1)} s = ${confirmRate.toFixed(0)}/s`);
    const rssAfterConfirm = peakRssMiB(pid);

    // The update: 100,000 opted-in, confirmed signers, in four languages (and nobody else: in the full
    // bench, signers from the earlier runs are taken out of it).
    await db.raw("update signatures set updates = false where updates and consent_version <> 'bench'");
    const seedStart = performance.now();
    await seed(db, key, options.recipients, 'confirmed', `update-${process.pid}`);
    await db.raw('analyze signatures');
    say(`seeded ${options.recipients} opted-in signers in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const [update] = (await db('supporter_updates').insert({ status: 'queued', fallback: 'english', created_by: 'bench', queued_at: new Date() }).returning('id')) as { id: number }[];
    await db('supporter_update_translations').insert(LANGS.map((lang) => ({ update_id: update!.id, lang, subject: `Bench update (${lang})`, body: 'A **bench** update with [a link](https://example.org).\n\n- one\n- two' })));
    const from = sink.count();
    const updateStart = performance.now();
    await db.raw(`insert into pgboss.job (name, data, policy) values ('update-start', jsonb_build_object('updateId', ?::int), (select policy from pgboss.queue where name = 'update-start'))`, [update!.id]);
    const sent = await drain(sink, from, options.recipients, updateStart, 1200, say);
    const updateRate = sent.count / sent.seconds;
    const ledger = (await db.raw("select count(*) filter (where status = 'sent')::int as sent, count(*)::int as total from supporter_update_recipients where update_id = ?", [update!.id])) as { rows: { sent: number; total: number }[] };
    const peak = peakRssMiB(pid);
    const lines = [
      `updates: one update to ${options.recipients} opted-in signers: ${sent.count} emails in ${sent.seconds.toFixed(1)} s (from queuing it, ledger written by the start job included) = ${updateRate.toFixed(0)} emails/s; ledger ${ledger.rows[0]!.sent} sent of ${ledger.rows[0]!.total}`,
      `updates: confirmation path on the same app: ${confirmations.count} emails in ${confirmations.seconds.toFixed(1)} s = ${confirmRate.toFixed(0)} emails/s → update/confirmation ${(updateRate / confirmRate).toFixed(2)}x (target ≥ 1)`,
      `updates: the app's peak RSS (VmHWM, with its job thread): ${rssAfterConfirm.toFixed(0)} MiB after the confirmations, ${peak.toFixed(0)} MiB after the update`,
    ];
    for (const line of lines) say(line);
    return { lines, ok: sent.count === options.recipients && ledger.rows[0]!.sent === options.recipients };
  } finally {
    await db.destroy();
    await app.stop();
    await sink.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const say = (m: string) => void process.stdout.write(`[bench-updates ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}\n`);
  say(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  const database = await openBenchDatabase();
  let code = 1;
  try {
    const result = await benchUpdates({ databaseUrl: database.url, recipients: Number(process.env.BENCH_UPDATE_RECIPIENTS) || 100_000, confirmations: Number(process.env.BENCH_UPDATE_CONFIRMATIONS) || 20_000, say });
    code = result.ok ? 0 : 1;
  } finally {
    await database.close();
  }
  process.exit(code);
}
