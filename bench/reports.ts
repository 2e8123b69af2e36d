// The reports part of npm run bench (run.ts calls benchReports with its app), or on its own:
//   node --import tsx bench/reports.ts        (its own database and app; BENCH_REPORT_ROWS=1000000)
// Seeds BENCH_REPORT_ROWS confirmed signatures on a petition of their own (SQL, generate_series, with
// names and addresses encrypted with the app's key), then times, against the running app and with the
// peak resident memory of its process (VmHWM, reset before each run through /proc/<pid>/clear_refs):
// the signatories CSV export (targets: under 20 s, under 200 MB), the JSON hearing report with its
// digest (target: under 10 s), and the JSON with the ledger, whose digest is then recomputed here.
// It checks that the export has every row and the report's total equals the public API's.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/container.ts';
import { createUser } from '../src/admin/create-user.ts';
import { createDb } from '../src/db/knex.ts';
import { resolveSecrets } from '../src/secrets.ts';
import { seedConfirmedSignatures } from './seed-signatures.ts';

export interface ReportsBenchInput {
  readonly dbUrl: string;
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly appPid: number;
  /** The app's environment (for its data key). */
  readonly appEnv: NodeJS.ProcessEnv;
  readonly rows: number;
  readonly say: (message: string) => void;
}

export interface ReportsBenchResult {
  readonly lines: string[];
  /** False when a check failed (rows missing, totals differ, digest wrong): the bench fails. */
  readonly ok: boolean;
}

const SLUG = 'bench-reports';
const EXPORT_MAX_S = 20;
const EXPORT_MAX_MB = 200;
const REPORT_MAX_S = 10;

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Runs `work` and returns its time and the app's peak RSS in MB meanwhile (VmHWM reset first; sampled too). */
async function measured<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number; beforeMb: number }> {
  let reset = true;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    reset = false; // then the sampled figure is the one that counts
  }
  const beforeMb = status(pid, 'VmRSS');
  let sampled = beforeMb;
  const timer = setInterval(() => (sampled = Math.max(sampled, status(pid, 'VmRSS'))), 50);
  const started = performance.now();
  try {
    const value = await work();
    const seconds = (performance.now() - started) / 1000;
    const peakMb = reset ? Math.max(status(pid, 'VmHWM'), sampled) : sampled;
    return { value, seconds, peakMb, beforeMb };
  } finally {
    clearInterval(timer);
  }
}

/** Signs an organiser in over HTTP; returns the Cookie header and a form token. */
async function logIn(origin: string, email: string, password: string): Promise<{ cookie: string; token: (page: string) => Promise<string> }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const tokenOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
  const page = await fetch(`${origin}/admin/login`);
  keep(page);
  const res = await fetch(`${origin}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie(), 'Sec-Fetch-Site': 'same-origin' },
    body: new URLSearchParams({ email, password, _csrf: tokenOf(await page.text()) }),
  });
  keep(res);
  if (res.status !== 303) throw new Error(`bench: the organiser's login answered ${res.status}`);
  return {
    cookie: cookie(),
    token: async (path) => tokenOf(await (await fetch(`${origin}${path}`, { headers: { Cookie: cookie() } })).text()),
  };
}

/** Reads a response body as it comes, keeping only its size, its line count and (if asked) the text. */
async function drain(res: Response, keepText = false): Promise<{ bytes: number; lines: number; text: string }> {
  let bytes = 0;
  let lines = 0;
  const parts: Buffer[] = [];
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i += 1) if (chunk[i] === 10) lines += 1;
    if (keepText) parts.push(Buffer.from(chunk));
  }
  return { bytes, lines, text: keepText ? Buffer.concat(parts).toString('utf8') : '' };
}

export async function benchReports(input: ReportsBenchInput): Promise<ReportsBenchResult> {
  const secrets = resolveSecrets(loadConfig(input.appEnv));
  const db = createDb(input.dbUrl, { poolMax: 2 });
  const lines: string[] = [];
  let ok = true;
  try {
    const [petition] = (await db('petitions').insert({ slug: SLUG, goal: 2_000_000, status: 'open' }).returning('id')) as { id: number }[];
    await db.raw(
      `insert into petition_translations (petition_id, lang, title, summary, addressee, body, asks, consent, updates_consent, consent_version, source_hash)
       select ?, lang, title, summary, addressee, body, asks, consent, updates_consent, consent_version, source_hash
         from petition_translations where petition_id = (select id from petitions where slug = 'zhanaozen-list')`,
      [petition!.id],
    );
    input.say(`reports: seeding ${input.rows.toLocaleString('en')} confirmed signatures on ${SLUG}…`);
    const seedS = await seedConfirmedSignatures(db, { petitionId: petition!.id, count: input.rows, encryptionKey: secrets.encryptionKey, until: new Date() });
    input.say(`reports: seeded in ${seedS.toFixed(1)} s`);
    const password = `bench ${randomBytes(12).toString('hex')}`;
    const email = `bench.organiser.${process.pid}@example.org`;
    const created = await createUser({ db, secrets, clock: systemClock }, { email, role: 'organiser', password, mustChangePassword: false, actor: 'cli' });
    if (created.kind !== 'created') throw new Error(`bench: organiser not created (${created.kind})`);
    const session = await logIn(input.origin, email, password);

    const token = await session.token(`/admin/petitions/${SLUG}/signatories`);
    const exported = await measured(input.appPid, async () => {
      const res = await fetch(`${input.origin}/admin/petitions/${SLUG}/signatories`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie, 'Sec-Fetch-Site': 'same-origin' },
        body: new URLSearchParams({ _csrf: token }),
      });
      if (res.status !== 200) throw new Error(`bench: the export answered ${res.status}`);
      return drain(res);
    });
    const reportJson = (query: string, keepText: boolean) =>
      measured(input.appPid, async () => {
        const res = await fetch(`${input.origin}/admin/petitions/${SLUG}/report.json${query}`, { headers: { Cookie: session.cookie } });
        if (res.status !== 200) throw new Error(`bench: the report answered ${res.status}`);
        return drain(res, keepText);
      });
    const report = await reportJson('?lang=en', true);
    const withLedger = await reportJson('?lang=en&include=ledger', true);
    const parsed = JSON.parse(report.value.text) as { totals: { confirmed: number }; digest: { value: string } };
    const full = JSON.parse(withLedger.value.text) as { digest: { value: string }; ledger: { id: string; country: string; day: string }[] };
    const recomputed = createHash('sha256').update(full.ledger.map((e) => `${e.id},${e.country},${e.day}\n`).sort().join(''), 'ascii').digest('hex');
    await new Promise((r) => setTimeout(r, 1100)); // the API's count cache
    const api = (await (await fetch(`${input.origin}/api/v1/petitions/${SLUG}`)).json()) as { signatureCount: number };

    const rowsOk = exported.value.lines === input.rows + 1;
    const countOk = parsed.totals.confirmed === input.rows && api.signatureCount === input.rows;
    const digestOk = recomputed === parsed.digest.value && full.digest.value === parsed.digest.value;
    ok = rowsOk && countOk && digestOk;
    const mb = (n: number) => `${n.toFixed(0)} MB`;
    const meets = (yes: boolean) => (yes ? 'met' : 'NOT met');
    lines.push(`reports (${input.rows.toLocaleString('en')} confirmed signatures, seeded in ${seedS.toFixed(1)} s; app RSS before each run shown; load average now ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}):`);
    const rss = (m: { peakMb: number; beforeMb: number }) => `app peak RSS ${mb(m.peakMb)} = ${mb(m.beforeMb)} before + ${mb(m.peakMb - m.beforeMb)}`;
    lines.push(
      `  signatories export (CSV, ${exported.value.lines.toLocaleString('en')} lines, ${(exported.value.bytes / 1048576).toFixed(1)} MiB): ${exported.seconds.toFixed(1)} s, ${rss(exported)}` +
        ` → < ${EXPORT_MAX_S} s: ${meets(exported.seconds < EXPORT_MAX_S)}; < ${EXPORT_MAX_MB} MB: ${meets(exported.peakMb < EXPORT_MAX_MB)} for the whole process, ${meets(exported.peakMb - exported.beforeMb < EXPORT_MAX_MB)} for what the export adds`,
    );
    lines.push(`  hearing report JSON with its digest: ${report.seconds.toFixed(1)} s, ${rss(report)} → < ${REPORT_MAX_S} s: ${meets(report.seconds < REPORT_MAX_S)}`);
    lines.push(`  the same with the ledger (${(withLedger.value.bytes / 1048576).toFixed(1)} MiB): ${withLedger.seconds.toFixed(1)} s, ${rss(withLedger)}; digest recomputed here from the ledger: ${digestOk ? 'equal' : 'DIFFERENT'}`);
    lines.push('  (the whole process includes the job workers\' thread, a second V8 isolate with the app loaded; START_WORKERS=false runs a web-only instance)');
    lines.push(`  checks: export rows ${rowsOk ? 'all there' : `MISSING (${exported.value.lines - 1})`}; report total ${parsed.totals.confirmed} = API ${api.signatureCount} = seeded ${input.rows}: ${countOk ? 'OK' : 'MISMATCH'}`);
  } finally {
    await db.destroy();
  }
  return { lines, ok };
}

// On its own: a throwaway database and app, then the reports bench alone.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { openBenchDatabase } = await import('./database.ts');
  const { freePort, spawnNode, waitForHttp } = await import('./processes.ts');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const say = (m: string) => void process.stdout.write(`[bench reports] ${m}\n`);
  const database = await openBenchDatabase();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-bench-reports-'));
  const port = await freePort();
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(tmp, 'data'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    DATA_KEY: randomBytes(32).toString('base64'),
  };
  const app = spawnNode('the app', 'src/server.ts', appEnv, path.join(tmp, 'app.log'), root);
  let code = 1;
  try {
    await waitForHttp(app, `http://127.0.0.1:${port}/healthz`);
    const rows = Number(process.env.BENCH_REPORT_ROWS ?? 1_000_000);
    const result = await benchReports({ dbUrl: database.url, origin: `http://127.0.0.1:${port}`, appPid: app.process.pid!, appEnv, rows, say });
    process.stdout.write(`${result.lines.join('\n')}\n`);
    code = result.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`bench reports failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n${app.tail(30)}\n`);
  } finally {
    await app.stop();
    await database.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(code);
}
