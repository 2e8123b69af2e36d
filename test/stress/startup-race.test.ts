// Three instances of one deployment booting at the same moment on a fresh database all come up
// (pg-boss queue creation could deadlock; see src/jobs/queue.ts). Twice, not more: each round boots three
// apps (~10 s of CPU), and the suite must stay within CI's time on two cores.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createTestDatabase } from '../support/db.ts';
import { sharedSecrets, startAppProcess } from '../support/process.ts';

it('three instances started together on a fresh database all start, twice over', async () => {
  const failures: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, ...sharedSecrets(), LOG_LEVEL: 'error' };
    const results = await Promise.allSettled([startAppProcess(env), startAppProcess(env), startAppProcess(env)]);
    for (const r of results) if (r.status === 'fulfilled') await r.value.kill('SIGTERM'); else failures.push(String(r.reason));
    await database.drop();
  }
  assert.deepEqual(failures, []);
});
