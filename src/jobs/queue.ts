// The job queue: pg-boss 10 (the last line that runs on Node 20) on the app's own PostgreSQL.
// Jobs are written in the same transaction as the rows they are about (send(..., trx)), carry ids only,
// and are retried with backoff. pg-boss stores, schedules, retries and expires the jobs; the workers'
// loop is ours (pg-boss 10's waits a whole polling interval after every batch, and knows no owner of a
// started job): each instance leases the jobs it starts (leases.ts), so the jobs of a process killed
// with `kill -9` run again within seconds, and a live instance's job is never given to another one.
import PgBoss from 'pg-boss';
import type { Knex } from 'knex';
import { createDb } from '../db/knex.ts';
import type { Logger } from '../log.ts';
import { knexExecutor } from './knex-executor.ts';
import { startInstance, type Instance, type LeasedJob, type Lease, type LeaseTimings } from './leases.ts';

export { knexExecutor };
export { LeaseLostError, type Lease } from './leases.ts';

export interface JobQueueOptions {
  readonly url: string;
  readonly logger: Logger;
  /**
   * Seconds a started job may run before pg-boss takes it as lost and retries it. A job this app's
   * workers hold is extended while their instance is alive, and released within seconds once it is dead
   * (leases.ts): the expiry is left for jobs no lease names.
   */
  readonly expireInSeconds?: number;
  readonly pollingIntervalSeconds?: number;
  readonly maintenanceIntervalSeconds?: number;
  /** First retry delay; it doubles with each attempt (pg-boss backoff). */
  readonly retryDelaySeconds?: number;
  /** Run cron schedules from this instance (pg-boss makes each run happen once across instances). */
  readonly schedules?: boolean;
  /** Heartbeat and fencing times of this instance's leases (tests shorten them). */
  readonly leaseTimings?: Partial<LeaseTimings>;
}

export interface OutgoingJob {
  readonly queue: string;
  readonly data: object;
}

export type JobHandler<T> = (data: T, meta: { id: string; retryCount: number }) => Promise<void>;

export interface Job<T> {
  readonly id: string;
  readonly data: T;
  readonly retryCount: number;
}

/**
 * Handles a batch of jobs; returns, per job in order, the error to retry it with, or undefined when done.
 * Before each step that cannot be undone (sending an email), it calls lease.assertHeld(): once this
 * instance may be taken for dead, that throws and the batch must stop (its jobs run again elsewhere).
 */
export type BatchHandler<T> = (jobs: readonly Job<T>[], lease: Lease) => Promise<(Error | undefined)[]>;

export interface JobQueue {
  start(): Promise<void>;
  /** Queues a job; pass the transaction that writes the job's rows so both commit or neither does. */
  send<T extends object>(queue: string, data: T, trx?: Knex.Transaction): Promise<void>;
  /** Queues several jobs in one statement (same transaction rule as send). */
  sendMany(jobs: readonly OutgoingJob[], trx?: Knex.Transaction): Promise<void>;
  work<T>(queue: string, handler: JobHandler<T>, options?: { concurrency?: number }): Promise<void>;
  /** Like work, but the handler gets each fetched batch whole (to share its queries). */
  workBatch<T>(queue: string, handler: BatchHandler<T>, options?: { concurrency?: number; batchSize?: number }): Promise<void>;
  /** Creates the queue if it does not exist yet (send does it itself; queuedJobSql needs it done). */
  prepare(queue: string): Promise<void>;
  /**
   * For a statement that stores rows and their job together (one round trip): SQL inserting one job on
   * `queue` per row of `fromSql` (a FROM clause over the statement's CTEs), with `dataSql` (jsonb) as its
   * data and the settings send() gives a job on this queue. Neither fragment may hold placeholders.
   */
  queuedJobSql(queue: string, dataSql: string, fromSql: string): { sql: string; bindings: (string | number | boolean)[] };
  /** Sends an empty job to `queue` on a cron schedule (UTC). */
  schedule(queue: string, cron: string): Promise<void>;
  /** Lets the batches in hand finish (up to 10 s), puts back what is left, then stops. */
  stop(): Promise<void>;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
const STOP_TIMEOUT_MS = 10_000;

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const RETRY = { retryLimit: 10, retryDelay: options.retryDelaySeconds ?? 15, retryBackoff: true };
  const boss = new PgBoss({
    connectionString: options.url,
    application_name: 'dauys-jobs',
    max: 4,
    schedule: options.schedules ?? true,
    expireInSeconds: options.expireInSeconds ?? 120,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    ...RETRY,
  });
  boss.on('error', (error: unknown) => options.logger.error({ err: error }, 'job queue error'));
  const queues = new Set<string>();
  // Instances starting together may create queues at the same moment; pg-boss attaches a partition
  // per queue and PostgreSQL may then abort one of them as a deadlock. Trying again is safe: an
  // existing queue is left as it is.
  const ensureQueue = async (name: string) => {
    if (queues.has(name)) return;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await boss.createQueue(name, { name, expireInSeconds: options.expireInSeconds ?? 120, ...RETRY });
        break;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 8 || (code !== '40P01' && code !== '23505' && code !== '42P07')) throw error;
        await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
      }
    }
    queues.add(name);
  };

  // The workers' side (the job thread): this instance and its leases, started by the first workBatch, on
  // a small pool of its own (so a heartbeat never waits behind the handlers' queries).
  let workerDb: Knex | undefined;
  let instance: Promise<Instance> | undefined;
  const loops = new Set<Promise<void>>();
  let stopping = false;
  const wakers = new Set<() => void>();
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });
  const pollMs = (options.pollingIntervalSeconds ?? 0.5) * 1000;

  /** One worker: fetch a batch, hand it over, settle it, and at once fetch again while there is work. */
  async function runWorker<T>(queue: string, handler: BatchHandler<T>, batchSize: number, self: Instance): Promise<void> {
    let fetchFailing = false; // one warning while the database is away (the heartbeat warns too)
    while (!stopping) {
      if (!self.held()) {
        await idle(pollMs); // fenced (no heartbeat): start nothing
        continue;
      }
      let jobs: LeasedJob<T>[];
      try {
        jobs = await self.fetch<T>(queue, batchSize);
        fetchFailing = false;
      } catch (error) {
        if (!fetchFailing) options.logger.warn({ err: error, queue }, 'could not fetch jobs; trying again');
        fetchFailing = true;
        await idle(pollMs);
        continue;
      }
      if (jobs.length === 0) {
        await idle(pollMs);
        continue;
      }
      const { lease, end } = self.lease();
      let outcomes: (Error | undefined)[];
      try {
        outcomes = await handler(jobs, lease);
      } catch (error) {
        outcomes = jobs.map(() => asError(error));
      } finally {
        end();
      }
      const ids = jobs.map((job) => job.id);
      if (lease.signal.aborted) {
        self.abandon(queue, ids); // released to the queue by the next heartbeat (unless taken for dead)
        continue;
      }
      const completed: string[] = [];
      const failed: { id: string; message: string }[] = [];
      jobs.forEach((job, i) => {
        const error = i < outcomes.length ? outcomes[i] : new Error('the handler gave no outcome for this job');
        if (!error) return void completed.push(job.id);
        options.logger.warn({ queue, jobId: job.id, reason: error.message }, 'job failed; it will be retried');
        failed.push({ id: job.id, message: error.message });
      });
      try {
        await self.settle(queue, completed, failed);
      } catch (error) {
        options.logger.warn({ err: error, queue }, 'could not record the outcome of a batch; its jobs go back to the queue');
        self.abandon(queue, ids);
      }
    }
  }

  async function workBatch<T>(queue: string, handler: BatchHandler<T>, workOptions: { concurrency?: number; batchSize?: number } = {}): Promise<void> {
    if (stopping) throw new Error('the job queue is stopping');
    await ensureQueue(queue);
    instance ??= startInstance({
      db: (workerDb = createDb(options.url, { poolMax: 6 })),
      boss,
      logger: options.logger,
      expireInSeconds: options.expireInSeconds ?? 120,
      ...(options.leaseTimings ? { timings: options.leaseTimings } : {}),
    });
    const self = await instance;
    for (let i = 0; i < (workOptions.concurrency ?? 2); i += 1) {
      const loop = runWorker(queue, handler, workOptions.batchSize ?? 20, self).catch((error: unknown) => options.logger.error({ err: error, queue }, 'a job worker stopped'));
      loops.add(loop);
      void loop.finally(() => loops.delete(loop));
    }
  }

  return {
    async start() {
      await boss.start();
    },
    async send(queue, data, trx) {
      await ensureQueue(queue);
      await boss.send(queue, data, trx ? { db: knexExecutor(trx) } : {});
    },
    async sendMany(jobs, trx) {
      if (jobs.length === 0) return;
      for (const name of new Set(jobs.map((j) => j.queue))) await ensureQueue(name);
      await boss.insert(
        jobs.map((j) => ({ name: j.queue, data: j.data })),
        trx ? { db: knexExecutor(trx) } : {},
      );
    },
    workBatch,
    prepare: ensureQueue,
    queuedJobSql(queue, dataSql, fromSql) {
      // The columns pg-boss 10's insert sets for a job with no options of its own on a queue created by
      // ensureQueue (retry and expiry as RETRY and expireInSeconds; kept 14 days, its default); the
      // rest keep their column defaults (new id, state created, priority 0, start now).
      // test/http/foundation/queued-job-sql.test.ts compares such a row with one that boss.insert writes.
      const delay = RETRY.retryBackoff ? Math.max(RETRY.retryDelay, 1) : RETRY.retryDelay;
      return {
        sql: `insert into pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, keep_until, policy)
              select ?::text, ${dataSql}, ?::int, ?::int, ?::bool, ?::int * interval '1 second', now() + interval '14 days',
                     (select policy from pgboss.queue where name = ?::text)
              ${fromSql}
              returning id`,
        bindings: [queue, RETRY.retryLimit, delay, RETRY.retryBackoff, options.expireInSeconds ?? 120, queue],
      };
    },
    async work<T>(queue: string, handler: JobHandler<T>, workOptions: { concurrency?: number } = {}) {
      await workBatch<T>(queue, async (jobs, lease) => {
        lease.assertHeld();
        const results = await Promise.allSettled(jobs.map((job) => handler(job.data, { id: job.id, retryCount: job.retryCount })));
        return results.map((r) => (r.status === 'fulfilled' ? undefined : r.reason instanceof Error ? r.reason : new Error(String(r.reason))));
      }, workOptions);
    },
    async schedule(queue, cron) {
      await ensureQueue(queue);
      await boss.schedule(queue, cron, {}, { tz: 'UTC' });
    },
    async stop() {
      stopping = true;
      for (const wake of [...wakers]) wake();
      const self = instance ? await instance.catch(() => undefined) : undefined;
      const finished = Promise.all(loops).then(() => true);
      const within = (ms: number) => Promise.race([finished, new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
      if (!(await within(STOP_TIMEOUT_MS)) && self) {
        options.logger.warn('job batches still running at shut-down: they stop sending, and their jobs go back to the queue');
        self.fence();
        // A send already handed to SMTP finishes (or times out) on its own; deregistering releases the jobs.
        if (!(await within(5000))) options.logger.warn('a job batch did not stop; its jobs are released anyway');
      }
      await self?.stop().catch((error: unknown) => options.logger.error({ err: error }, 'could not deregister this job instance; its jobs are released once its heartbeat is stale'));
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await workerDb?.destroy();
    },
  };
}
