// The job workers' thread that `npm start` runs: it sends the mail of signatures made by the main thread,
// it runs at a lower CPU priority, it stops when asked, and a thread that cannot start fails boot.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startWorkerThread } from '../../src/jobs/worker-thread.ts';
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
    } finally {
      await thread.stop(); // resolves once the thread has exited
    }
    if (fs.existsSync('/proc/self/task')) assert.equal(threadNice().filter((n) => n === 10).length, niceBefore, 'the thread is gone');
  });

  it('a thread that cannot reach its database fails start-up with a clear error', async () => {
    const bad = 'postgres://postgres@127.0.0.1:1/nowhere';
    await assert.rejects(startWorkerThread({ config: t.deps.config, secrets: t.deps.secrets, databaseUrl: bad }, logger), /job workers could not start/);
  });
});
