// Job leases (src/jobs/leases.ts): a job a live instance holds is never given to another one, however
// long it runs; the jobs of a dead instance run again within seconds; an instance cut off from the
// database stops working on its jobs before anyone may take it for dead. Real PostgreSQL, real pg-boss,
// lease times shortened (heartbeat 200 ms, fence 1 s, stale after 2 s) so the tests take seconds.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createDb, type Db } from '../../../src/db/knex.ts';
import { createJobQueue, LeaseLostError, type JobQueue } from '../../../src/jobs/queue.ts';
import { reapDeadInstances } from '../../../src/jobs/leases.ts';
import { createLogger } from '../../../src/log.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';

const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const TIMINGS = { heartbeatMs: 200, fenceMs: 1000, staleSeconds: 2, reapMs: 300 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await sleep(50);
  }
}

describe('job leases', () => {
  let database: TestDatabase;
  let db: Db;
  const queues: JobQueue[] = [];
  const newQueue = async (expireInSeconds = 30) => {
    const jobs = createJobQueue({ url: database.url, logger, pollingIntervalSeconds: 0.1, expireInSeconds, maintenanceIntervalSeconds: 1, retryDelaySeconds: 1, schedules: false, leaseTimings: TIMINGS });
    await jobs.start();
    queues.push(jobs);
    return jobs;
  };
  const jobRow = async (queue: string) => (await db.raw('select id, state::text as state, retry_count, output from pgboss.job where name = ? order by created_on', [queue])).rows as { id: string; state: string; retry_count: number; output: { message?: string } | null }[];

  before(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
  });
  // Each test's instances stop after it, so the instance a test looks for is the only one registered.
  afterEach(async () => {
    for (const jobs of queues.splice(0)) await jobs.stop().catch(() => undefined);
  });
  after(async () => {
    await db.destroy();
    await database.drop();
  });

  it('a job a live instance holds for longer than the stale age and the job expiry runs once', async () => {
    const QUEUE = 'lease-slow';
    const [a, b] = [await newQueue(3), await newQueue(3)]; // pg-boss would expire the job after 3 s
    await a.send(QUEUE, { n: 1 });
    const runs: string[] = [];
    const handler = (who: string) => async (jobs: readonly unknown[], lease: { assertHeld(): void }) => {
      runs.push(who);
      for (let i = 0; i < 14; i += 1) {
        await sleep(500); // 7 s in all: past the 2 s stale age, the 3 s expiry and pg-boss's maintenance
        lease.assertHeld();
      }
      return jobs.map(() => undefined);
    };
    await a.workBatch(QUEUE, handler('a'), { concurrency: 1, batchSize: 1 });
    await until('a takes the job', () => runs.length === 1);
    await b.workBatch(QUEUE, handler('b'), { concurrency: 1, batchSize: 1 });
    await until('the job completes', async () => (await jobRow(QUEUE))[0]?.state === 'completed', 20_000);
    assert.deepEqual(runs, ['a'], 'the second instance never got it');
    assert.equal((await jobRow(QUEUE))[0]?.retry_count, 0);
    assert.equal(Number((await db.raw('select count(*) from job_leases')).rows[0].count), 0, 'no lease left');
  });

  it('the jobs a dead instance held run again within seconds, not after their expiry', async () => {
    const QUEUE = 'lease-dead';
    const live = await newQueue(3600); // an hour's expiry: only the release can bring the job back
    await live.send(QUEUE, { n: 2 });
    // The dead instance: registered, its heartbeat stopped 30 s ago, holding the job (started by pg-boss's fetch).
    const dead = '00000000-0000-4000-8000-00000000dead';
    await db.raw("insert into job_instances (id, heartbeat_at, host, pid) values (?, now() - interval '30 seconds', 'gone', 1)", [dead]);
    await db.transaction(async (trx) => {
      const { rows } = await trx.raw("update pgboss.job set state = 'active', started_on = now() where name = ? returning id", [QUEUE]);
      await trx.raw('insert into job_leases (job_id, queue, instance_id, started_on) values (?, ?, ?, now())', [rows[0].id, QUEUE, dead]);
    });
    const startedAt = Date.now();
    const seen: number[] = [];
    await live.workBatch<{ n: number }>(QUEUE, async (jobs) => {
      seen.push(...jobs.map((j) => j.data.n));
      return jobs.map(() => undefined);
    }, { concurrency: 1, batchSize: 1 });
    await until('the job completes', async () => (await jobRow(QUEUE))[0]?.state === 'completed');
    const seconds = (Date.now() - startedAt) / 1000;
    assert.deepEqual(seen, [2]);
    assert.ok(seconds < 3, `run again after ${seconds} s`);
    assert.equal((await jobRow(QUEUE))[0]?.retry_count, 1, 'the crash counts as an attempt');
    assert.equal((await db.raw('select count(*)::int as n from job_instances where id = ?', [dead])).rows[0].n, 0, 'the dead instance is gone');
  });

  it('an instance that cannot write its heartbeat stops sending, and the job runs again once', async () => {
    const QUEUE = 'lease-fenced';
    const a = await newQueue();
    await a.send(QUEUE, { n: 3 });
    const steps: string[] = [];
    let aborted: unknown;
    let started = 0;
    await a.workBatch(QUEUE, async (jobs, lease) => {
      started += 1;
      const attempt = started;
      for (let i = 0; i < (attempt === 1 ? 100 : 1); i += 1) {
        try {
          lease.assertHeld();
        } catch (error) {
          aborted = error;
          throw error;
        }
        steps.push(`send ${attempt}.${i}`);
        await sleep(100);
      }
      return jobs.map(() => undefined);
    }, { concurrency: 1, batchSize: 1 });
    await until('the first attempt is sending', () => steps.length >= 3);
    const self = (await db.raw("select id from job_instances where host <> 'gone'")).rows[0].id as string;

    // Another instance takes a for dead: it holds a's row (a's heartbeat waits, as if a's connection
    // were cut), waits past a's fence, then releases a's jobs as dead, as every instance's look does.
    const other = await db.transaction();
    let sentBeforeFence: number;
    try {
      await other.raw('select id from job_instances where id = ? for update', [self]);
      const fencedAt = Date.now();
      await until('a stops sending', () => aborted !== undefined, 3000);
      sentBeforeFence = steps.length;
      assert.ok(aborted instanceof LeaseLostError);
      assert.ok(Date.now() - fencedAt <= TIMINGS.fenceMs + 700, 'fenced within its fence time');
      await sleep(TIMINGS.staleSeconds * 1000 + 200);
      assert.equal(steps.length, sentBeforeFence, 'nothing sent while fenced');
      const released = await reapDeadInstances(other, TIMINGS.staleSeconds, '00000000-0000-4000-8000-000000000000');
      assert.deepEqual(released, { instances: 1, jobs: 1 });
      await other.commit();
    } finally {
      if (!other.isCompleted()) await other.rollback();
    }

    // a learns it was taken for dead, registers again, and its worker runs the released job once.
    await until('the job completes', async () => (await jobRow(QUEUE))[0]?.state === 'completed');
    assert.equal(started, 2);
    assert.deepEqual(steps.slice(sentBeforeFence), ['send 2.0']);
    const instances = (await db.raw("select id from job_instances where host <> 'gone'")).rows as { id: string }[];
    assert.ok(instances.length >= 1 && !instances.some((i) => i.id === self), 'registered again under a new id');
  });

  it('an instance cut off for a moment (not taken for dead) puts back the jobs it stopped, and they run again', async () => {
    const QUEUE = 'lease-blip';
    const a = await newQueue();
    await a.send(QUEUE, { n: 4 });
    let started = 0;
    let firstAborted = false;
    await a.workBatch(QUEUE, async (jobs, lease) => {
      started += 1;
      if (started === 1) {
        while (!lease.signal.aborted) await sleep(50);
        firstAborted = true;
        lease.assertHeld();
      }
      return jobs.map(() => undefined);
    }, { concurrency: 1, batchSize: 1 });
    await until('a has the job', () => started === 1);
    const ids = (await db.raw("select id from job_instances where host <> 'gone'")).rows.map((r: { id: string }) => r.id) as string[];
    const blip = await db.transaction();
    try {
      await blip.raw('select id from job_instances where id = any(?::uuid[]) for update', [ids]);
      await until('a stops', () => firstAborted, 3000);
    } finally {
      await blip.commit(); // the heartbeat goes through: a was never taken for dead
    }
    await until('the job completes', async () => (await jobRow(QUEUE))[0]?.state === 'completed');
    assert.equal(started, 2);
    assert.equal((await jobRow(QUEUE))[0]?.retry_count, 1, 'run again, as a retry');
  });

  it('a graceful stop deregisters the instance and leaves no lease', async () => {
    const jobs = await newQueue();
    await jobs.workBatch('lease-stop', async (batch) => batch.map(() => undefined), { concurrency: 1 });
    assert.equal(Number((await db.raw('select count(*) from job_instances')).rows[0].count), 1);
    await jobs.stop();
    assert.equal(Number((await db.raw('select count(*) from job_instances')).rows[0].count), 0);
  });
});
