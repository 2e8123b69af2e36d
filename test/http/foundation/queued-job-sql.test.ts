// A statement that queues its own job (JobQueue.queuedJobSql, used to sign in one round trip) must write
// the row pg-boss itself would write, and a worker must run it. This catches a pg-boss upgrade that
// changes its job table or defaults.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
});
