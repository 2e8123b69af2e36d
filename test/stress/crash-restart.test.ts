// security-bar T6, nothing lost: 2000 people sign at concurrency 20 while the app (a child process, its
// job thread sending the confirmation emails) is killed with SIGKILL at a random moment 2–8 s into the
// load, and started again at once. Every signature that got its 303 must be stored once and get its
// confirmation email within 60 s of the restart (the killed process's email jobs are released as soon
// as its heartbeat is stale, see src/jobs/leases.ts, not after the 2-minute job expiry); no job may be
// left behind. We report how many emails went out twice: the target is none; only a message SMTP had
// accepted when the process died, before its delivery was recorded, can repeat.
// CRASH_KILL_AFTER_MS pins the moment of the kill.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { browserSign, sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { createDb, type Db } from '../../src/db/knex.ts';
import { loadAllDefaultContent } from '../../src/capabilities.ts';

const SIGNERS = 2000;
const CONCURRENCY = 20;
/** Signing is spread over about 9 s (each signer waits its turn), so a kill at 2–8 s lands in the load. */
const SPREAD_MS = 9000;
const MAIL_WITHIN_S = 60;
/** The most messages that can be accepted by SMTP but not yet recorded: the sending lanes of the batches in hand. */
const MAX_DUPLICATES = 20;

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
    // The default job expiry (120 s): the test shows that mail does not wait for it.
    env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, ...sharedSecrets() };
  });
  after(async () => {
    await app?.kill('SIGTERM');
    await db.destroy();
    await smtp.close();
    await database.drop();
  });

  it(`kill -9 during ${SIGNERS} signatures: every 303 is stored and gets its email within ${MAIL_WITHIN_S} s of the restart`, async () => {
    const recipients = (i: number) => (Array.isArray(smtp.messages[i]!.to) ? smtp.messages[i]!.to : [smtp.messages[i]!.to]).flatMap((a) => a?.value.map((v) => (v.address ?? '').toLowerCase()) ?? []);
    // When each address first got its email (the SMTP server's list, stamped as it grows).
    const firstMail = new Map<string, number>();
    let stamped = 0;
    const stamp = () => {
      for (; stamped < smtp.messages.length; stamped += 1) for (const to of recipients(stamped)) if (!firstMail.has(to)) firstMail.set(to, Date.now());
    };
    const stamper = setInterval(stamp, 20);

    app = await startAppProcess(env);
    const accepted = new Set<string>();
    const failed = new Set<string>();
    let next = 0;
    const killAfterMs = Number(process.env.CRASH_KILL_AFTER_MS) || 2000 + Math.floor(Math.random() * 6000);
    let killed = false;
    let restartedAt = 0;
    let atKill = { emails: 0, activeJobs: 0, signed: 0 };
    const loadStarted = Date.now();
    const killer = (async () => {
      await new Promise((r) => setTimeout(r, killAfterMs));
      const active = await db.raw("select count(*)::int as n from pgboss.job where name like 'email-%' and state = 'active'");
      atKill = { emails: smtp.messages.length, activeJobs: active.rows[0].n as number, signed: accepted.size };
      await app!.kill('SIGKILL');
      killed = true;
      restartedAt = Date.now();
      app = await startAppProcess(env);
    })();

    // Like people, a signer whose request failed (the process died) tries again until it gets an answer.
    const worker = async () => {
      while (next < SIGNERS) {
        const i = next++;
        const due = loadStarted + (i / SIGNERS) * SPREAD_MS;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        const email = `crash-${i}@example.org`;
        for (let attempt = 0; attempt < 600; attempt += 1) {
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

    const pendingJobs = async () => (await db.raw("select count(*)::int as n from pgboss.job where name like 'email-%' and state in ('created','retry','active')")).rows[0].n as number;
    const deadline = restartedAt + MAIL_WITHIN_S * 1000;
    while (([...accepted].some((e) => !firstMail.has(e)) || (await pendingJobs()) > 0) && Date.now() < deadline + 5000) {
      await new Promise((r) => setTimeout(r, 100));
      stamp();
    }
    clearInterval(stamper);
    stamp();
    const missing = [...accepted].filter((e) => !firstMail.has(e));
    const lastMail = Math.max(...[...accepted].map((e) => firstMail.get(e) ?? Number.POSITIVE_INFINITY));
    const secondsToLast = (lastMail - restartedAt) / 1000;

    // A message sent twice has the same Message-ID twice. A signer whose request the kill cut off, and
    // who signed again, may get a second confirmation (another job, another Message-ID): by design, a
    // pending signature signed again gets its confirmation again.
    const perMessage = new Map<string, number>();
    for (const m of smtp.messages) perMessage.set(m.messageId ?? '', (perMessage.get(m.messageId ?? '') ?? 0) + 1);
    const duplicates = [...perMessage.values()].filter((n) => n > 1).length;
    const perAddress = new Map<string, Set<string>>();
    for (let i = 0; i < smtp.messages.length; i += 1) for (const to of recipients(i)) perAddress.set(to, (perAddress.get(to) ?? new Set()).add(smtp.messages[i]!.messageId ?? ''));
    const resignedTwice = [...perAddress].filter(([, ids]) => ids.size > 1).map(([to]) => to);
    console.log(
      `crash-restart: killed ${killAfterMs} ms into the load (${atKill.signed} signed, ${atKill.emails} emails sent, ${atKill.activeJobs} email jobs active); ` +
        `${accepted.size} accepted, ${failed.size} requests cut by the kill and retried; last email ${secondsToLast.toFixed(1)} s after the restart; ` +
        `${smtp.messages.length} emails, ${duplicates} sent twice (same Message-ID), ${resignedTwice.length} signers with a second confirmation (they signed again after the cut)`,
    );
    assert.deepEqual(missing, [], 'every accepted signature got its confirmation email');
    assert.ok(secondsToLast <= MAIL_WITHIN_S, `the last email came ${secondsToLast.toFixed(1)} s after the restart`);
    assert.equal(await pendingJobs(), 0, 'no email job left behind');
    const failedJobs = await db.raw("select count(*)::int as n from pgboss.job where name like 'email-%' and state = 'failed'");
    assert.equal(failedJobs.rows[0].n, 0, 'no email job failed');
    assert.ok(duplicates <= MAX_DUPLICATES, `${duplicates} duplicates: bounded by the messages in flight at the kill`);
    assert.deepEqual(resignedTwice.filter((to) => !failed.has(to)), [], 'a second confirmation only for a signer who had to sign again');
  });
});
