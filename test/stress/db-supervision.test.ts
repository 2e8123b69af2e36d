// The embedded PostgreSQL under `npm start` is supervised. Its postmaster is killed with SIGKILL (as the
// OOM killer would): the app notices, starts it again (crash recovery), /healthz is 200 again and a
// signature goes through with its email (the job thread survived), and meanwhile every form answered
// 303 or 503, never 500. When the server cannot be started again (its port taken), the app exits
// non-zero with one fatal line, and a new start on the same DATA_DIR works.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDb, type Db } from '../../src/db/knex.ts';
import { browserSign, freePort, sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const RUNS = 3;

/** The cluster may live outside DATA_DIR when running as root (see src/db/postgres-user.ts). */
function clusterDir(dataDir: string): string {
  const moved = path.join(dataDir, 'pg-location.txt');
  return fs.existsSync(moved) ? fs.readFileSync(moved, 'utf8').trim() : path.join(dataDir, 'pg');
}
const postmasterPid = (dataDir: string): number => Number(fs.readFileSync(path.join(clusterDir(dataDir), 'postmaster.pid'), 'utf8').split('\n')[0]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthy(app: AppProcess): Promise<boolean> {
  try {
    return (await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(3000) })).status === 200;
  } catch {
    return false;
  }
}

/** Takes a port as soon as the dying server has let go of it. */
async function occupy(port: number): Promise<net.Server> {
  for (const until = Date.now() + 5000; ; ) {
    const server = net.createServer((socket) => socket.destroy());
    const taken = await new Promise<boolean>((resolve) => server.once('error', () => resolve(false)).listen(port, '127.0.0.1', () => resolve(true)));
    if (taken) return server;
    if (Date.now() > until) throw new Error(`port ${port} never came free`);
    await sleep(5);
  }
}

describe('the embedded database is supervised', () => {
  let smtp: TestSmtp;
  const apps: AppProcess[] = [];
  const dirs: string[] = [];
  before(async () => (smtp = await startTestSmtp()));
  after(async () => {
    for (const app of apps) await app.kill('SIGTERM');
    await smtp.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true }); // DATA_DIRs, and clusters root put outside them
  });

  const start = async (pgPort: number, options: { dataDir?: string; capture?: boolean } = {}) => {
    // LOG_LEVEL fatal: each kill makes every pooled connection log its loss.
    const app = await startAppProcess({ DATABASE_URL: '', EMBEDDED_PG_PORT: String(pgPort), SMTP_URL: smtp.url, LOG_LEVEL: options.capture ? 'info' : 'fatal', ...sharedSecrets() }, options);
    apps.push(app);
    const cluster = clusterDir(app.dataDir);
    if (!cluster.startsWith(app.dataDir)) dirs.push(path.dirname(cluster)); // /var/lib/dauys/<hash>
    return app;
  };

  it(`kill -9 of the postmaster, ${RUNS} times: the app restarts it, recovers by itself and carries on`, async () => {
    const pgPort = await freePort();
    const app = await start(pgPort);
    const password = fs.readFileSync(path.join(app.dataDir, 'embedded-pg-password'), 'utf8').trim();
    const db: Db = createDb(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/dauys`);
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    const seconds: number[] = [];
    try {
      for (let run = 1; run <= RUNS; run += 1) {
        const pid = postmasterPid(app.dataDir);
        process.kill(pid, 'SIGKILL');
        const killedAt = performance.now();
        // Signers keep trying during the outage: each answer is a 303 (stored) or a 503, never a 500.
        // (A backend of the killed server may still answer for a moment: back means a new postmaster too.)
        let n = 0;
        const restarted = () => {
          try {
            return postmasterPid(app.dataDir) !== pid;
          } catch {
            return false; // no postmaster.pid between the old server and the new one
          }
        };
        while (!(restarted() && (await healthy(app)))) {
          assert.ok(performance.now() - killedAt < 20_000, 'healthy again within 20 s');
          const email = `outage-${run}-${n++}@example.org`;
          const status = await browserSign(app.url, { name: 'Outage Test', email, country: 'KZ', consent: 'on' });
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 303) accepted.push(email);
          else assert.equal(status, 503, `a signature during the outage: ${status}`);
        }
        seconds.push((performance.now() - killedAt) / 1000);
        const email = `after-${run}@example.org`;
        assert.equal(await browserSign(app.url, { name: 'After Test', email, country: 'PL', consent: 'on' }), 303);
        accepted.push(email);
        await smtp.waitForTo(email, 1, 30_000); // the job thread came through too
        await sleep(500);
      }
      const owner = JSON.parse(fs.readFileSync(path.join(app.dataDir, 'dauys.pid'), 'utf8')) as { pid: number; port: number };
      assert.deepEqual(owner, { pid: app.child.pid, port: pgPort, role: 'app' }, "DATA_DIR's owner file still names the app and its port");
      const stored = await db('signatures').count('* as n');
      assert.equal(Number(stored[0]!.n), accepted.length, 'every 303 is stored, nothing else');
      console.log(`db-supervision: healthy again ${seconds.map((s) => s.toFixed(2)).join(' s, ')} s after kill -9 of the postmaster; answers during the outages: ${[...statuses].map(([s, c]) => `${c}×${s}`).join(', ') || 'none'}`);
      assert.ok(seconds.every((s) => s < 10), 'each recovery within 10 s');
    } finally {
      await db.destroy();
    }
  });

  it('a server that cannot be started again: the app exits non-zero with one fatal line, and the next start works', async () => {
    const pgPort = await freePort();
    const dataDir = fs.mkdtempSync('/tmp/dauys-supervise-');
    dirs.push(dataDir);
    const app = await start(pgPort, { dataDir, capture: true });
    const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)));
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    const killedAt = performance.now();
    const squatter = await occupy(pgPort); // another program took the port
    let code: number | null;
    try {
      code = await exited;
    } finally {
      await new Promise((r) => squatter.close(r));
    }
    const exitSeconds = (performance.now() - killedAt) / 1000;
    const fatal = app.output().split('\n').filter((line) => line.includes('"level":60'));
    console.log(`db-supervision: gave up and exited (code ${code}) ${exitSeconds.toFixed(1)} s after the kill: ${fatal.map((l) => (JSON.parse(l) as { msg: string }).msg.slice(0, 160)).join(' | ')}`);
    assert.equal(code, 1);
    assert.equal(fatal.length, 1, 'one fatal line');
    assert.match(fatal[0]!, /embedded PostgreSQL server died and could not be started again/);
    assert.ok(exitSeconds < 20, 'it gives up within seconds, not minutes');
    assert.equal(fs.existsSync(path.join(dataDir, 'dauys.pid')), false, 'DATA_DIR no longer names an owner');

    const again = await start(pgPort, { dataDir }); // what a supervisor does
    assert.equal(await browserSign(again.url, { name: 'Again Test', email: 'again@example.org', country: 'PL', consent: 'on' }), 303);
  });
});
