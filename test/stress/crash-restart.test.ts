// Under a load of signing, the app process is killed with SIGKILL at a random moment and started
// again. Every signature that got its 303 must be stored and get its confirmation email; we report
// how many emails went out twice (the target is none; a job killed mid-send may repeat).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { browserSign, sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { createDb, type Db } from '../../src/db/knex.ts';
import { loadAllDefaultContent } from '../../src/capabilities.ts';

const SIGNERS = 600;
const CONCURRENCY = 20;

describe('crash and restart under load', () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let db: Db;
  let app: AppProcess | undefined;
  let env: Record<string, string>;

  before(async () => {
    database = await createTestDatabase();
    smtp = await startTestSmtp();
    db = createDb(database.url);
    await loadAllDefaultContent(db);
    env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, JOB_EXPIRE_SECONDS: '5', ...sharedSecrets() };
  });
  after(async () => {
    await app?.kill('SIGTERM');
    await db.destroy();
    await smtp.close();
    await database.drop();
  });

  it(`kill -9 during ${SIGNERS} signatures: every 303 is stored and gets its email`, async () => {
    app = await startAppProcess(env);
    const accepted = new Set<string>();
    const failed = new Set<string>();
    let next = 0;
    const killAfterMs = Number(process.env.CRASH_KILL_AFTER_MS) || 300 + Math.floor(Math.random() * 1200);
    let killed = false;
    const killer = (async () => {
      await new Promise((r) => setTimeout(r, killAfterMs));
      await app!.kill('SIGKILL');
      killed = true;
      app = await startAppProcess(env);
    })();

    // Like people, a signer whose request failed (the process died) tries again until it gets an answer.
    const worker = async () => {
      while (next < SIGNERS) {
        const i = next++;
        const email = `crash-${i}@example.org`;
        for (let attempt = 0; attempt < 200; attempt += 1) {
          try {
            const status = await browserSign(app!.url, { name: `Crash ${i}`, email, country: 'PL', consent: 'on' });
            if (status === 303) accepted.add(email);
            break;
          } catch {
            failed.add(email);
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killer;
    assert.ok(killed);
    assert.equal(accepted.size, SIGNERS, 'every signer got a 303 in the end');
    assert.ok(failed.size > 0, 'the kill happened during the load');

    const stored = await db('signatures').count('* as n');
    assert.equal(Number(stored[0]!.n), SIGNERS, 'every 303 has exactly one row, retries included');

    const until = Date.now() + 90_000;
    const received = () => new Set(smtp.messages.flatMap((m) => (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value.map((v) => v.address ?? '') ?? [])));
    const pendingJobs = async () => (await db.raw("select count(*)::int as n from pgboss.job where name like 'email-%' and state in ('created','retry','active')")).rows[0].n as number;
    // Jobs the killed process had started stay active until they expire and are retried (then skipped
    // if their message was recorded as delivered), so wait for the queue as well as for the mail.
    while (([...accepted].some((e) => !received().has(e)) || (await pendingJobs()) > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    const missing = [...accepted].filter((e) => !received().has(e));
    assert.deepEqual(missing, [], 'every accepted signature got its confirmation email');

    const perAddress = new Map<string, number>();
    for (const m of smtp.messages) for (const a of (Array.isArray(m.to) ? m.to : [m.to]).flatMap((x) => x?.value ?? [])) perAddress.set(a.address ?? '', (perAddress.get(a.address ?? '') ?? 0) + 1);
    const duplicates = [...perAddress.values()].filter((n) => n > 1).length;
    console.log(`crash-restart: killed after ${killAfterMs} ms; ${accepted.size} accepted, ${failed.size} requests cut by the kill and retried; ${smtp.messages.length} emails, ${duplicates} sent twice`);
    assert.equal(await pendingJobs(), 0, 'no email job left behind');
    // Only a message SMTP had accepted but whose delivery record had not committed can go out twice:
    // at most one per SMTP connection (a pool of 5) per batch being sent (2 workers): 10.
    assert.ok(duplicates <= 10, 'duplicates are bounded by the messages in flight at the kill');
  });
});
