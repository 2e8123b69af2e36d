// Where the CPU goes for one scenario of the benchmark: per request, the app's threads (main, V8's
// helper threads, the email workers' thread), PostgreSQL's processes and this process (autocannon and
// the SMTP sink). Env: CPU_PROFILE=DIR (the app writes V8 .cpuprofile files there, one per thread),
// APP_NODE_ARGS (extra node flags for the app, e.g. "--trace-gc"), KEEP_TMP=1 (keep the app's log).
// Usage: npm run bench:cpu -- sign|confirm|page|api|drafts|drain [seconds]   (DATABASE_URL as for npm run bench)
// drain: signs 20,000 times (untimed), then splits the CPU of the email queue's drain per email. (With
// CPU_PROFILE the main thread looks busy to the job thread's pace, so the drain runs at the paced floor.)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBenchDatabase } from './database.ts';
import { cpuSeconds, freePort, procStatFields, spawnNode, statCpuSeconds, waitForHttp } from './processes.ts';
import { confirmRequest, getRequest, measure, openForm, signRequest, type LoadRun, type Measurement } from './scenarios.ts';
import { draftsRequest, fiveMeps } from './letters.ts';
import { startSmtpSink } from './sink.ts';
import { openBenchState } from './state.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGE = '/en/petitions/zhanaozen-list';
const scenario = process.argv[2] ?? 'sign';
const seconds = Number(process.argv[3] ?? 10);
if (!['sign', 'confirm', 'page', 'api', 'drafts', 'drain'].includes(scenario) || !(seconds > 0)) {
  process.stderr.write('usage: npm run bench:cpu -- sign|confirm|page|api|drafts|drain [seconds]\n');
  process.exit(2);
}
/** CPU seconds of each thread of a process, by "tid nice=N". */
function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const stat = `/proc/${pid}/task/${tid}/stat`;
    const nice = procStatFields(stat)?.[16];
    const used = statCpuSeconds(stat);
    if (nice !== undefined && !Number.isNaN(used)) out.set(`${tid} nice=${nice}`, used); // else the thread ended
  }
  return out;
}

const db = await openBenchDatabase();
/** CPU seconds of the benchmark's PostgreSQL (its own embedded server; with DATABASE_URL, every postgres process here). */
const postgresCpu = (): number =>
  (db.postgresPids?.() ?? execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number)).reduce((sum, pid) => sum + (cpuSeconds(pid) || 0), 0);
const sink = await startSmtpSink();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-cpu-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const profileDir = process.env.CPU_PROFILE;
const app = spawnNode(
  'the app',
  'src/server.ts',
  {
    ...process.env, NODE_ENV: 'production', DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn', DATA_DIR: path.join(tmp, 'data'), TRUST_PROXY: 'true', SMTP_URL: sink.url,
    SESSION_SECRET: randomBytes(32).toString('base64url'), DATA_KEY: randomBytes(32).toString('base64'),
  },
  path.join(tmp, 'app.log'),
  ROOT,
  [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []), ...(process.env.APP_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)],
);
try {
  await waitForHttp(app, `${origin}/healthz`);
  const pid = app.process.pid!;
  const form = await openForm(`${origin}${PAGE}`);
  const base = { origin, connections: 50, serverPid: pid };
  if (scenario === 'drain') {
    const SIGNS = 20_000;
    await measure({ ...base, name: 'signing first', expectStatus: 303, amount: SIGNS, request: (i) => signRequest(form, `${PAGE}/signatures`, i) });
    const [threads0, pg0, mails0, me0, t0] = [threadCpu(pid), postgresCpu(), sink.count(), process.cpuUsage(), performance.now()];
    while (sink.count() < SIGNS && performance.now() - t0 < 180_000) await new Promise((r) => setTimeout(r, 50));
    const [threads1, pg1, mails1, me1, t1] = [threadCpu(pid), postgresCpu(), sink.count(), process.cpuUsage(me0), performance.now()];
    const mails = mails1 - mails0;
    const perMail = (cpuSeconds: number) => `${((cpuSeconds * 1000) / Math.max(mails, 1)).toFixed(3)} ms`;
    process.stdout.write(`drain: ${mails} emails in ${((t1 - t0) / 1000).toFixed(1)} s = ${(mails / ((t1 - t0) / 1000)).toFixed(0)}/s\nCPU per email:\n`);
    for (const [thread, used1] of threads1) {
      const used = used1 - (threads0.get(thread) ?? 0);
      if (used >= 0.05) process.stdout.write(`  app thread ${thread}${thread.startsWith(`${pid} `) ? ' (main)' : ''}: ${perMail(used)}\n`);
    }
    process.stdout.write(`  postgres (its processes): ${perMail(pg1 - pg0)}\n  this process (SMTP sink): ${perMail((me1.user + me1.system) / 1e6)}\n`);
  } else {
    let run: LoadRun;
    if (scenario === 'confirm') {
      await measure({ ...base, name: 'signing first', expectStatus: 303, amount: 3000, request: (i) => signRequest(form, `${PAGE}/signatures`, i) });
      const state = openBenchState(db.url);
      const tokens = await state.mintMissingConfirmTokens([]);
      await state.close();
      run = { ...base, name: 'confirm', expectStatus: 303, amount: tokens.length, request: (i) => confirmRequest(`/en/confirm/${tokens[i] ?? ''}`, i) };
    } else if (scenario === 'sign') {
      await measure({ ...base, name: 'warm-up', expectStatus: 303, duration: 2, request: (i) => signRequest(form, `${PAGE}/signatures`, 10_000_000 + i) });
      run = { ...base, name: 'sign', expectStatus: 303, duration: seconds, request: (i) => signRequest(form, `${PAGE}/signatures`, i) };
    } else if (scenario === 'drafts') {
      const meps = await fiveMeps(origin);
      await measure({ ...base, name: 'warm-up', expectStatus: 200, duration: 2, request: (i) => draftsRequest(meps, 1_000_000 + i) });
      run = { ...base, name: 'drafts (5 MEPs)', expectStatus: 200, duration: seconds, request: (i) => draftsRequest(meps, i) };
    } else {
      const url = scenario === 'api' ? '/api/v1/petitions/zhanaozen-list' : PAGE;
      await measure({ ...base, name: 'warm-up', expectStatus: 200, duration: 2, request: (i) => getRequest(url, i) });
      run = { ...base, name: scenario, expectStatus: 200, duration: seconds, request: (i) => getRequest(url, i) };
    }
    const [threads0, pg0, mails0, me0] = [threadCpu(pid), postgresCpu(), sink.count(), process.cpuUsage()];
    const m: Measurement = await measure(run);
    const [threads1, pg1, mails1, me1] = [threadCpu(pid), postgresCpu(), sink.count(), process.cpuUsage(me0)];
    const perRequest = (cpuSeconds: number) => `${((cpuSeconds * 1000) / m.completed).toFixed(3)} ms`;
    process.stdout.write(`${m.name}: ${m.completed} requests, ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, errors ${m.errors}, ${(m.bytes / Math.max(m.completed, 1) / 1024).toFixed(1)} KiB a response; emails sent meanwhile: ${mails1 - mails0}\n`);
    process.stdout.write(`CPU per request:\n`);
    for (const [thread, after] of threads1) {
      const used = after - (threads0.get(thread) ?? 0);
      if (used >= 0.05) process.stdout.write(`  app thread ${thread}${thread.startsWith(`${pid} `) ? ' (main)' : ''}: ${perRequest(used)}\n`);
    }
    process.stdout.write(`  postgres (its processes): ${perRequest(pg1 - pg0)}\n  this process (autocannon, SMTP sink): ${perRequest((me1.user + me1.system) / 1e6)}\n`);
  }
  const status = fs.readFileSync(`/proc/${app.process.pid!}/status`, 'utf8');
  const mb = (field: string) => Math.round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024);
  process.stdout.write(`the app's resident memory: ${mb('VmRSS')} MB now, peak ${mb('VmHWM')} MB\n`);
} finally {
  await app.stop();
  await sink.close();
  await db.close();
  if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
}
if (profileDir) process.stdout.write(`profiles: ${path.resolve(profileDir)}\n`);
