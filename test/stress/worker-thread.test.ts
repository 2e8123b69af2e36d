// The job workers' thread that `npm start` runs: it sends the mail of signatures made by the main thread,
// it runs at a lower CPU priority, it stops when asked, and a thread that cannot start fails boot.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startJobThread as startWorkerThread } from '../../src/job-thread.ts';
import { createLogger } from '../../src/log.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { sign } from '../support/forms.ts';

const logger = createLogger('silent');

/** Nice values of this process's threads, by thread id. */
const threadNice = (): number[] =>
  fs.readdirSync('/proc/self/task').map((tid) => {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });

describe('the job workers thread', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('sends the email of a signature made by the main thread, at nice 10, and stops when asked', async () => {
    const niceBefore = threadNice().filter((n) => n === 10).length;
    const thread = await startWorkerThread({ config: t.deps.config, secrets: t.deps.secrets, databaseUrl: t.database.url }, logger);
    try {
      if (fs.existsSync('/proc/self/task')) assert.equal(threadNice().filter((n) => n === 10).length, niceBefore + 1, 'one more thread at nice 10');
      assert.equal((await sign(t.app, { email: 'thread@example.org' })).status, 303);
      const [mail] = await t.smtp.waitForTo('thread@example.org', 1);
      assert.match(String(mail?.text), /\/en\/confirm\/[A-Za-z0-9_-]{43}/);
      const instances = (await t.db.raw('select pid from job_instances')).rows as { pid: number }[];
      assert.deepEqual(instances.map((i) => i.pid), [process.pid], 'the thread registered its job instance (heartbeat, leases)');
    } finally {
      await thread.stop(); // resolves once the thread has exited
    }
    assert.equal((await t.db.raw('select count(*)::int as n from job_instances')).rows[0].n, 0, 'and deregistered it on stop');
    if (fs.existsSync('/proc/self/task')) assert.equal(threadNice().filter((n) => n === 10).length, niceBefore, 'the thread is gone');
  });

  it('while the main thread is busy, email goes out at the floor rate; the rest follows once it is idle', async () => {
    const { emailFloorPerSecond } = await import('../../src/jobs/worker-thread.ts');
    const { maxEmailsInHand } = await import('../../src/capabilities.ts');
    const floor = emailFloorPerSecond(t.deps.config.jobExpireSeconds, maxEmailsInHand());
    const { openForm, signatureFields } = await import('../support/forms.ts');
    const { agent, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    const signers = Array.from({ length: 150 }, (_, i) => `paced-${i}@example-p${i % 7}.org`);
    for (let i = 0; i < signers.length; i += 25) {
      await Promise.all(signers.slice(i, i + 25).map((email) => agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send({ ...signatureFields({ email }), rendered }).expect(303)));
    }
    const before = t.smtp.messages.length;

    // Busy: 2 ms of computing at a time, yielding between (so I/O and timers still run).
    let busyUntil = performance.now() + 60_000;
    const spin = () => {
      if (performance.now() >= busyUntil) return;
      const end = performance.now() + 2;
      while (performance.now() < end);
      setImmediate(spin);
    };
    spin();
    await new Promise((r) => setTimeout(r, 600)); // the gauge has seen the load
    const thread = await startWorkerThread({ config: t.deps.config, secrets: t.deps.secrets, databaseUrl: t.database.url }, logger);
    try {
      const started = performance.now();
      await new Promise((r) => setTimeout(r, 3000));
      const seconds = (performance.now() - started) / 1000;
      busyUntil = 0;
      const whileBusy = t.smtp.messages.length - before;
      assert.ok(whileBusy <= floor * seconds + 8, `${whileBusy} emails in ${seconds.toFixed(1)} s of load (floor ${floor}/s)`);
      await t.smtp.waitFor(before + signers.length, 20_000);
      assert.ok(signers.every((email) => t.smtp.to(email).length === 1), 'every signer got one email');
    } finally {
      busyUntil = 0;
      await thread.stop();
    }
  });

  it('a thread that cannot reach its database fails start-up with a clear error', async () => {
    const bad = 'postgres://postgres@127.0.0.1:1/nowhere';
    await assert.rejects(startWorkerThread({ config: t.deps.config, secrets: t.deps.secrets, databaseUrl: bad }, logger), /job workers could not start/);
  });
});
