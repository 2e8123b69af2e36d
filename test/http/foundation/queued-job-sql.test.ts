// A statement that queues its own job (JobQueue.queuedJobSql, used to sign in one round trip) must write
// the row pg-boss itself would write, and a worker must run it; the workers' own completion and release
// of jobs (src/jobs/leases.ts) must leave the rows pg-boss's complete() and fetch expect. This catches a
// pg-boss upgrade that changes its job table or defaults.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import PgBoss from 'pg-boss';
import { buildTestApp, type TestApp } from '../../support/app.ts';

const QUEUE = 'contract-queued-job';
const COMPARED = ['name', 'priority', 'state', 'retry_limit', 'retry_count', 'retry_delay', 'retry_backoff', 'singleton_key', 'singleton_on', 'expire_in', 'started_on', 'completed_on', 'output', 'dead_letter', 'policy'];

describe('a job queued by our own statement', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('is the row pg-boss writes for send(), and a worker runs it', async () => {
    const jobs = t.deps.jobs;
    await jobs.prepare(QUEUE);
    await jobs.send(QUEUE, { by: 'pg-boss' });
    const own = jobs.queuedJobSql(QUEUE, `jsonb_build_object('by', 'statement')`, '');
    await t.db.raw(own.sql, own.bindings);

    const rows = (await t.db.raw(`select *, extract(epoch from keep_until - created_on)::int as kept_s, extract(epoch from start_after - created_on)::int as delay_s from pgboss.job where name = ? order by data->>'by'`, [QUEUE])).rows as Record<string, unknown>[];
    assert.equal(rows.length, 2);
    const [byBoss, byStatement] = [rows.find((r) => (r.data as { by: string }).by === 'pg-boss')!, rows.find((r) => (r.data as { by: string }).by === 'statement')!];
    for (const column of COMPARED) assert.deepEqual(byStatement[column], byBoss[column], `column ${column}`);
    assert.ok(Math.abs(Number(byStatement.kept_s) - Number(byBoss.kept_s)) <= 60, 'kept as long');
    assert.equal(byStatement.delay_s, 0);

    const seen: unknown[] = [];
    await jobs.work<{ by: string }>(QUEUE, async (data) => void seen.push(data.by));
    const until = Date.now() + 10_000;
    while (seen.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(seen.sort(), ['pg-boss', 'statement']);
  });

  it('a job our worker completes is the row pg-boss complete() leaves; a released job is fetched again as a retry', async () => {
    const QUEUE_DONE = 'contract-completed-job';
    const boss = new PgBoss({ connectionString: t.database.url, schedule: false, supervise: false, migrate: false });
    await boss.start();
    try {
      const jobs = t.deps.jobs;
      await jobs.prepare(QUEUE_DONE);
      await jobs.send(QUEUE_DONE, { by: 'pg-boss' });
      const [byBoss] = await boss.fetch(QUEUE_DONE);
      await boss.complete(QUEUE_DONE, byBoss!.id);
      await jobs.send(QUEUE_DONE, { by: 'worker' });
      let ran = 0;
      await jobs.workBatch(QUEUE_DONE, async (batch) => {
        ran += batch.length;
        return batch.map(() => undefined);
      }, { concurrency: 1 });
      const until = Date.now() + 10_000;
      const rows = async () => (await t.db.raw(`select *, completed_on is not null as done from pgboss.job where name = ? order by data->>'by'`, [QUEUE_DONE])).rows as Record<string, unknown>[];
      while ((await rows()).some((r) => r.state !== 'completed') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      const [fromBoss, fromWorker] = [(await rows()).find((r) => (r.data as { by: string }).by === 'pg-boss')!, (await rows()).find((r) => (r.data as { by: string }).by === 'worker')!];
      assert.equal(ran, 1);
      for (const column of ['state', 'output', 'done', 'retry_count', 'retry_limit', 'keep_until']) {
        if (column === 'keep_until') assert.ok(fromWorker[column] instanceof Date);
        else assert.deepEqual(fromWorker[column], fromBoss[column], `column ${column}`);
      }
      assert.equal(Number((await t.db.raw('select count(*) from job_leases')).rows[0].count), 0, 'the lease went with the completion');

      // A job released by our SQL (state retry, start now) is one pg-boss fetches again, counting the attempt.
      const QUEUE_RELEASED = 'contract-released-job'; // no worker of ours on it
      await jobs.send(QUEUE_RELEASED, { by: 'released' });
      const { rows: [released] } = await t.db.raw(`update pgboss.job set state = 'active', started_on = now() where name = ? returning id`, [QUEUE_RELEASED]);
      const dead = '00000000-0000-4000-8000-0000000000de';
      await t.db.raw("insert into job_instances (id, heartbeat_at, host, pid) values (?, now() - interval '1 hour', 'gone', 1)", [dead]);
      await t.db.raw('insert into job_leases (job_id, queue, instance_id, started_on) select id, name, ?, started_on from pgboss.job where id = ?', [dead, released.id]);
      const { reapDeadInstances } = await import('../../../src/jobs/leases.ts');
      assert.deepEqual(await reapDeadInstances(t.db, 10, '00000000-0000-4000-8000-000000000000'), { instances: 1, jobs: 1 });
      const [again] = await boss.fetch(QUEUE_RELEASED, { includeMetadata: true });
      assert.equal(again?.id, released.id);
      assert.equal(again?.retryCount, 1);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
