// npm run bench: starts the app on PostgreSQL (DATABASE_URL, else a throwaway embedded server with
// fsync on) with its email workers sending to an SMTP sink, and a bare Express baseline on the same
// database; drives both with autocannon; prints sign (POST), confirm (POST), the petition page and the
// API beside their baselines, and the email queue's drain after the signing spike beside a raw nodemailer
// pool (bench/mail-baseline.ts); then checks that the public count equals the confirmed signatures; then
// a burst of 2,000 Stripe webhook events over two more instances (bench/donations.ts); then one update to
// 100,000 opted-in signers beside the confirmation path's drain (bench/updates.ts).
// Every run follows an untimed warm-up on the same path (BENCH_WARMUP_S; confirm: the first tenth of
// the tokens), so the JIT has compiled it. Knobs (env): BENCH_CONNECTIONS=50, BENCH_DURATION_S=10
// (each measured run), BENCH_WARMUP_S=2,
// BENCH_SIGNS (a fixed number of signs instead of BENCH_DURATION_S of signing), BENCH_MAIL_WAIT_S=180
// (how long to wait for the email queue before minting the missing confirmation tokens),
// BENCH_NODE_ENV=production (the app's NODE_ENV; secrets are generated for the run),
// BENCH_APP_NODE_ARGS (extra node flags for the app, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
// BENCH_REPORT_ROWS=1000000 (signatures seeded for the export and report runs of bench/reports.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBenchDatabase } from './database.ts';
import { freePort, spawnNode, waitForHttp, type Child } from './processes.ts';
import { drainFrom, runRawPool } from './mail-baseline.ts';
import { mailTable, mailVerdict, runsTable, resultsTable, statusSummary, targetsLine, verdict, type MailRow, type Row } from './report.ts';
import { confirmRequest, getRequest, measure, openForm, signRequest, type Measurement } from './scenarios.ts';
import { startSmtpSink } from './sink.ts';
import { measureThroughCache } from './through-cache.ts';
import { benchReports } from './reports.ts';
import { benchDonations } from './donations.ts';
import { openBenchState } from './state.ts';
import { measureLetters } from './letters.ts';
import { benchUpdates } from './updates.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PETITION = 'zhanaozen-list';
const PAGE = `/en/petitions/${PETITION}`;
const API = `/api/v1/petitions/${PETITION}`;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50);
const DURATION_S = intEnv('BENCH_DURATION_S', 10);
const WARMUP_S = intEnv('BENCH_WARMUP_S', 2);
const SIGNS = process.env.BENCH_SIGNS ? intEnv('BENCH_SIGNS', 1) : undefined;
const MAIL_WAIT_S = intEnv('BENCH_MAIL_WAIT_S', 180);
const MIN_MAIL_RATIO = 0.6;
const NODE_ENV = process.env.BENCH_NODE_ENV || 'production';
const MAX_P99_MS = 100;

const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const say = (message: string): void => void process.stdout.write(`[bench ${elapsed().padStart(7)}] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cleanup steps, run last-in first-out, once, on success, failure or Ctrl-C. */
const cleanups: { name: string; run: () => Promise<void> }[] = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const step = cleanups.pop()!;
    await step.run().catch((error: unknown) => process.stderr.write(`bench: cleanup "${step.name}" failed: ${String(error)}\n`));
  }
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\nbench: ${signal}: cleaning up\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const loadAverage = (): string => os.loadavg().map((n) => n.toFixed(2)).join(' ');

function describe(m: Measurement): string {
  return `${m.name}: ${m.completed} requests in ${m.seconds.toFixed(1)} s = ${m.rps.toFixed(0)} req/s, ${(m.bytes / Math.max(m.completed, 1) / 1024).toFixed(1)} KiB/response, p50 ${m.p50} ms, p99 ${m.p99} ms, errors ${m.errors} [${statusSummary(m)}], server CPU ${m.serverCpuMs.toFixed(2)} ms/request`;
}

/** The app's process, so a failure can show the end of its log. */
let appChild: Child | undefined;

async function main(): Promise<number> {
  const loadAtStart = loadAverage();
  say(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${CONNECTIONS} connections, load average ${loadAverage()}`);
  if ((os.loadavg()[0] ?? 0) > os.cpus().length / 2) say('WARNING: other processes are using the CPU; the figures (and the ratios) will be noisy');
  const db = await openBenchDatabase();
  cleanups.push({ name: 'drop the database', run: () => db.close() });
  say(`database: ${db.description}`);

  const sink = await startSmtpSink();
  cleanups.push({ name: 'stop the SMTP sink', run: () => sink.close() });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-bench-'));
  cleanups.push({ name: 'remove the temp dir', run: async () => fs.rmSync(tmp, { recursive: true, force: true }) });

  const [appPort, basePort] = [await freePort(), await freePort()];
  const appOrigin = `http://127.0.0.1:${appPort}`;
  const baseOrigin = `http://127.0.0.1:${basePort}`;
  const production = NODE_ENV === 'production';
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV,
    DATABASE_URL: db.url,
    PORT: String(appPort),
    HOST: '127.0.0.1',
    BASE_URL: `http://localhost:${appPort}`,
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(tmp, 'data'),
    TRUST_PROXY: 'true',
    SMTP_URL: sink.url,
    START_WORKERS: 'true',
    ...(production ? { SESSION_SECRET: randomBytes(32).toString('base64url'), DATA_KEY: randomBytes(32).toString('base64') } : {}),
  };
  const appNodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '');
  const app = spawnNode('the app', 'src/server.ts', appEnv, path.join(tmp, 'app.log'), ROOT, appNodeArgs);
  appChild = app;
  cleanups.push({ name: 'stop the app', run: () => app.stop() });
  const baseline = spawnNode('the baseline', 'bench/baseline.ts', { ...process.env, BASELINE_DATABASE_URL: db.url, PORT: String(basePort) }, path.join(tmp, 'baseline.log'), ROOT);
  cleanups.push({ name: 'stop the baseline', run: () => baseline.stop() });
  await Promise.all([waitForHttp(app, `${appOrigin}/healthz`), waitForHttp(baseline, `${baseOrigin}/hello`)]);
  const appPid = app.process.pid;
  const basePid = baseline.process.pid;
  say(`app (NODE_ENV=${NODE_ENV}, TRUST_PROXY=true, email workers → SMTP sink) on ${appOrigin}; baseline on ${baseOrigin}`);

  const state = openBenchState(db.url);
  cleanups.push({ name: 'close the state pool', run: () => state.close() });
  const form = await openForm(`${appOrigin}${PAGE}`);

  // Reads: warm up, then measure, each against its baseline.
  const timed = async (name: string, origin: string, urlPath: string): Promise<Measurement> => {
    await measure({ name: `${name} warm-up`, origin, expectStatus: 200, connections: CONNECTIONS, duration: WARMUP_S, request: (i) => getRequest(urlPath, i) });
    const m = await measure({ name, origin, expectStatus: 200, connections: CONNECTIONS, duration: DURATION_S, request: (i) => getRequest(urlPath, i), serverPid: origin === appOrigin ? appPid : basePid });
    say(describe(m));
    return m;
  };
  const hello = await timed('GET /hello', baseOrigin, '/hello');
  const page = await timed(`GET ${PAGE}`, appOrigin, PAGE);
  const api = await timed(`GET ${API}`, appOrigin, API);
  // The same two reads through a shared HTTP cache (what a viral spike meets in production).
  const cached = await measureThroughCache({ appPort, page: PAGE, api: API, connections: CONNECTIONS, warmupS: WARMUP_S, durationS: DURATION_S });
  say(cached ? `${describe(cached.page)}\n${describe(cached.api)}\n${cached.originShare}` : 'no varnishd: the runs through a cache are left out (apt-get install -y varnish)');
  const letters = await measureLetters({ appOrigin, appPid, connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, hello, maxP99Ms: MAX_P99_MS });
  for (const m of letters.runs) say(describe(m));

  // Sign: every request a new address, spread over 50 domains, each from its own client address.
  const signLength = SIGNS !== undefined ? { amount: SIGNS } : { duration: DURATION_S };
  // Warm-ups, as for the reads: the JIT compiles the signing path of each server before it is timed.
  // They sign addresses of their own (from WARMUP_OFFSET on), so no measured signature is a repeat.
  const WARMUP_OFFSET = 10_000_000;
  await measure({ name: 'POST /insert warm-up', origin: baseOrigin, expectStatus: 303, connections: CONNECTIONS, duration: WARMUP_S, request: (i) => signRequest(form, '/insert', WARMUP_OFFSET + i) });
  const insertForSign = await measure({ name: 'POST /insert (sign body)', origin: baseOrigin, expectStatus: 303, connections: CONNECTIONS, ...signLength, request: (i) => signRequest(form, '/insert', i), serverPid: basePid });
  const signWarmUp = await measure({ name: 'sign warm-up', origin: appOrigin, expectStatus: 303, connections: CONNECTIONS, duration: WARMUP_S, request: (i) => signRequest(form, `${PAGE}/signatures`, WARMUP_OFFSET + i) });
  if (signWarmUp.errors > 0) throw new Error(`the sign warm-up had ${signWarmUp.errors} errors`);
  say(describe(insertForSign));
  const signStarted = Date.now();
  const signStartedAt = performance.now();
  let watching = state.watchConnections();
  const sign = await measure({ name: `POST ${PAGE}/signatures`, origin: appOrigin, expectStatus: 303, connections: CONNECTIONS, ...signLength, request: (i) => signRequest(form, `${PAGE}/signatures`, i), serverPid: appPid });
  const signEnded = Date.now();
  const signEndedAt = performance.now();
  const signDb = watching();
  say(describe(sign));
  say(`the app's database connections while signing (mean per sample): ${signDb}`);
  await sleep(1000); // let the requests still in flight when the run stopped finish
  const stored = await state.signatures();
  say(`signatures stored: ${stored.total} (303 answers: ${sign.ok})`);

  // The email queue: wait for one confirmation email per signature (or give up after BENCH_MAIL_WAIT_S).
  const waitUntil = signEnded + MAIL_WAIT_S * 1000;
  let expected = stored.total;
  let lastReport = 0;
  for (;;) {
    expected = (await state.signatures()).total;
    if (sink.count() >= expected || Date.now() >= waitUntil) break;
    if (Date.now() - lastReport >= 5000) {
      lastReport = Date.now();
      say(`emails: ${sink.count()} of ${expected}`);
    }
    await sleep(250);
  }
  const arrived = sink.count();
  const sinceStart = (Date.now() - signStarted) / 1000;
  const sinceEnd = (Date.now() - signEnded) / 1000;
  const mailRate = arrived / sinceStart;
  const drained = arrived >= expected;
  const jobs = await state.confirmationJobs();
  const drainLine = drained
    ? `email queue drained: ${arrived} confirmation emails for ${expected} signatures, the last ${sinceEnd.toFixed(1)} s after signing ended (${sinceStart.toFixed(1)} s after it began: ${mailRate.toFixed(1)} emails/s)`
    : `email queue NOT drained: ${arrived} of ${expected} emails ${sinceStart.toFixed(1)} s after signing began = ${mailRate.toFixed(1)} emails/s; ` +
      `at that rate the queue drains in ~${(expected / Math.max(mailRate, 0.001) / 60).toFixed(0)} min (jobs: ${JSON.stringify(jobs)})`;
  say(drainLine);

  // Email: the drain after the spike, beside a raw nodemailer pool sending as many messages of the same
  // shape to the same sink (the app is idle by now).
  const drain = drainFrom(sink, signStartedAt, signEndedAt, drained, performance.now());
  const rawPool = await runRawPool({ sink, count: Math.max(drain.count, 1000), warmUp: 1000, tmp, root: ROOT });
  const rawNice = await runRawPool({ sink, count: Math.max(drain.count, 1000), warmUp: 1000, tmp, root: ROOT, nice: true });
  const mail: MailRow = { drain, raw: rawPool, rawNice, minRatio: MIN_MAIL_RATIO };
  say(`email drain after the spike: ${drain.count} in ${drain.seconds.toFixed(1)} s = ${drain.rate.toFixed(0)}/s; raw nodemailer pool: ${rawPool.sent} in ${rawPool.seconds.toFixed(1)} s = ${rawPool.rate.toFixed(0)}/s (${(drain.rate / rawPool.rate).toFixed(2)}x); at nice 10: ${rawNice.rate.toFixed(0)}/s (${(drain.rate / rawNice.rate).toFixed(2)}x); load average ${loadAverage()}`);

  const links = await sink.confirmLinks();
  const emailed = links.map((l) => l.token);
  const minted = await state.mintMissingConfirmTokens(emailed);
  if (minted.length > 0) say(`confirmation tokens: ${emailed.length} from emails, ${minted.length} minted by the bench for signatures whose email has not been sent`);
  const tokens = [...emailed, ...minted];
  if (tokens.length === 0) throw new Error('no pending signatures to confirm: did signing fail?');

  // Confirm: each token pressed once; the first tenth (at most 500) warms both servers up untimed.
  const warmCount = Math.min(500, Math.floor(tokens.length / 10));
  const timedTokens = tokens.slice(warmCount);
  if (timedTokens.length === 0) throw new Error('too few signatures to time confirming');
  const confirmConnections = Math.min(CONNECTIONS, Math.max(timedTokens.length, 1));
  let confirmWarmOk = 0;
  if (warmCount > 0) {
    await measure({ name: 'POST /insert warm-up', origin: baseOrigin, expectStatus: 303, connections: confirmConnections, amount: warmCount, request: (i) => confirmRequest('/insert', i) });
    const warm = await measure({ name: 'confirm warm-up', origin: appOrigin, expectStatus: 303, connections: confirmConnections, amount: warmCount, request: (i) => confirmRequest(`/en/confirm/${tokens[i] ?? ''}`, i) });
    confirmWarmOk = warm.ok;
  }
  const insertForConfirm = await measure({ name: 'POST /insert (confirm body)', origin: baseOrigin, expectStatus: 303, connections: confirmConnections, amount: timedTokens.length, request: (i) => confirmRequest('/insert', i), serverPid: basePid });
  say(describe(insertForConfirm));
  watching = state.watchConnections();
  const confirm = await measure({
    name: 'POST /en/confirm/{token}',
    origin: appOrigin,
    expectStatus: 303,
    connections: confirmConnections,
    amount: timedTokens.length,
    request: (i) => confirmRequest(`/en/confirm/${timedTokens[i % timedTokens.length] ?? ''}`, i),
    serverPid: appPid,
  });
  const confirmDb = watching();
  say(describe(confirm));
  say(`the app's database connections while confirming (mean per sample): ${confirmDb}`);

  // The count: the public API (cached ≤ 2 s) against the database and the confirmations answered 303.
  await sleep(2500);
  const apiRes = await fetch(`${appOrigin}${API}`);
  const apiBody = (await apiRes.json()) as { signatureCount?: unknown };
  const apiCount = Number(apiBody.signatureCount);
  const after = await state.signatures();
  const countOk = apiRes.status === 200 && apiCount === after.confirmed && apiCount === confirm.ok + confirmWarmOk;

  // The signatories export and the hearing report on BENCH_REPORT_ROWS signatures of their own (bench/reports.ts).
  const reports = await benchReports({ dbUrl: db.url, origin: appOrigin, appPid: appPid!, appEnv, rows: intEnv('BENCH_REPORT_ROWS', 1_000_000), say });
  // Donations: a burst of Stripe webhook events over two more app instances on this database.
  const donations = await benchDonations({ databaseUrl: db.url, nodeEnv: NODE_ENV, say });
  await app.stop(); // the updates bench runs its own app on this database (its job thread alone sends)
  const updates = await benchUpdates({ databaseUrl: db.url, recipients: intEnv('BENCH_UPDATE_RECIPIENTS', 100_000), confirmations: intEnv('BENCH_UPDATE_CONFIRMATIONS', 20_000), say });

  const rows: Row[] = [
    { label: 'sign (POST)', app: sign, baseline: insertForSign, minRatio: 0.5, maxP99Ms: MAX_P99_MS },
    { label: 'confirm (POST)', app: confirm, baseline: insertForConfirm, maxP99Ms: MAX_P99_MS },
    { label: 'petition page', app: page, baseline: hello, minRatio: 0.5, maxP99Ms: MAX_P99_MS },
    { label: 'API', app: api, baseline: hello, minRatio: 0.5, maxP99Ms: MAX_P99_MS },
    ...(cached
      ? [
          { label: 'petition page via cache', app: cached.page, baseline: page, maxP99Ms: MAX_P99_MS },
          { label: 'API via cache', app: cached.api, baseline: api, maxP99Ms: MAX_P99_MS },
        ]
      : []),
    ...letters.rows,
  ];
  const errors = rows.reduce((n, r) => n + r.app.errors + r.baseline.errors, 0);
  const problems = app.problems();

  const out: string[] = [''];
  out.push(`Dauys benchmark — ${os.cpus().length} CPUs, ${CONNECTIONS} connections, every run after a warm-up (${WARMUP_S} s; confirm: the first tenth of the tokens), reads ${DURATION_S} s, ${SIGNS !== undefined ? `${SIGNS} signs` : `signing for ${DURATION_S} s`}, confirming every signature once`);
  out.push(`database: ${db.description}; app NODE_ENV=${NODE_ENV}; load average at start ${loadAtStart}, now ${loadAverage()}`);
  out.push('');
  out.push(resultsTable(rows));
  out.push('');
  out.push(runsTable([hello, page, api, ...(cached ? [cached.page, cached.api] : []), ...letters.runs, insertForSign, sign, insertForConfirm, confirm]));
  out.push('');
  out.push(mailTable(mail));
  out.push('');
  out.push(`${targetsLine(rows)}; email drain after the spike: ≥ ${MIN_MAIL_RATIO}× the raw nodemailer pool`);
  if (cached) out.push(`through the cache (Varnish, builtin VCL; its baseline is the same read from the app itself): ${cached.originShare}`);
  out.push(drainLine);
  out.push(...letters.lines);
  out.push(`app's database connections (pool max 10), mean per sample: signing: ${signDb}; confirming: ${confirmDb}`);
  if (minted.length > 0) out.push(`confirm used ${emailed.length} emailed tokens and ${minted.length} tokens minted by the bench (the queue had not sent those emails)`);
  out.push(`app log: ${problems.length} warning/error lines${problems.length > 0 ? `, e.g.\n  ${problems.slice(0, 3).join('\n  ')}` : ''}`);
  out.push('');
  out.push(...reports.lines, '');
  out.push(...donations.lines, '');
  out.push(...updates.lines, '');
  out.push(`count check: API signatureCount=${apiCount}, confirmed in the database=${after.confirmed}, confirms answered 303=${confirm.ok + confirmWarmOk} (${confirmWarmOk} in the warm-up) → ${countOk ? 'OK' : 'MISMATCH'}`);
  const missed = [...rows.filter((r) => !verdict(r).met).map((r) => r.label), ...(mailVerdict(mail).met ? [] : ['email drain'])];
  out.push(`targets: ${missed.length === 0 ? 'all met' : `NOT met for ${missed.join(', ')}`} (a missed throughput target does not fail the run; errors and the count do)`);
  out.push(`errors: ${errors}`);
  out.push(`total time: ${elapsed()}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return countOk && reports.ok && donations.ok && updates.ok && errors === 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (appChild) process.stderr.write(`--- the app's log, last lines ---\n${appChild.tail(30)}\n`);
} finally {
  await cleanUp();
}
process.exit(code);
