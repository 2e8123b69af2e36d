// The job queue: pg-boss 10 (the last line that runs on Node 20) on the app's own PostgreSQL.
// Jobs are written in the same transaction as the rows they are about (send(..., trx)), carry ids only,
// and are retried with backoff. A job that a killed process had started expires and runs again.
import PgBoss from 'pg-boss';
import type { Knex } from 'knex';
import type { Logger } from '../log.ts';

export interface JobQueueOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Seconds a started job may run before it is taken as lost and retried. */
  readonly expireInSeconds?: number;
  readonly pollingIntervalSeconds?: number;
  readonly maintenanceIntervalSeconds?: number;
  /** First retry delay; it doubles with each attempt (pg-boss backoff). */
  readonly retryDelaySeconds?: number;
  /** Run cron schedules from this instance (pg-boss makes each run happen once across instances). */
  readonly schedules?: boolean;
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

/** Handles a batch of jobs; returns, per job in order, the error to retry it with, or undefined when done. */
export type BatchHandler<T> = (jobs: readonly Job<T>[]) => Promise<(Error | undefined)[]>;

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
  stop(): Promise<void>;
}

/** pg-boss speaks $n placeholders; knex speaks ?. Map each $n to a positional ? (values may repeat). */
export function knexExecutor(trx: Knex.Transaction): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const bindings: unknown[] = [];
      const sql = text.replace(/\?/g, '\\?').replace(/\$(\d+)/g, (_m, n: string) => {
        bindings.push(values[Number(n) - 1] ?? null);
        return '?';
      });
      const result = (await trx.raw(sql, bindings as Knex.RawBinding[])) as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}

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

  async function workBatch<T>(queue: string, handler: BatchHandler<T>, workOptions: { concurrency?: number; batchSize?: number } = {}): Promise<void> {
    await ensureQueue(queue);
    // pg-boss 10 fetches a batch per polling interval; each failure is recorded on its own job (the
    // rest of the batch is completed by pg-boss). A handler that throws fails the whole batch.
    const workers = workOptions.concurrency ?? 2;
    for (let i = 0; i < workers; i += 1) {
      await boss.work<T>(queue, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5, batchSize: workOptions.batchSize ?? 20 }, async (fetched) => {
        const jobs = fetched.map((job) => ({ id: job.id, data: job.data, retryCount: (job as { retryCount?: number }).retryCount ?? 0 }));
        const outcomes = await handler(jobs).catch((error: unknown) => jobs.map(() => (error instanceof Error ? error : new Error(String(error)))));
        for (const [index, error] of outcomes.entries()) {
          if (!error) continue;
          const job = jobs[index]!;
          options.logger.warn({ queue, jobId: job.id, reason: error.message }, 'job failed; it will be retried');
          await boss.fail(queue, job.id, { message: error.message });
        }
      });
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
      await workBatch<T>(queue, async (jobs) => {
        const results = await Promise.allSettled(jobs.map((job) => handler(job.data, { id: job.id, retryCount: job.retryCount })));
        return results.map((r) => (r.status === 'fulfilled' ? undefined : r.reason instanceof Error ? r.reason : new Error(String(r.reason))));
      }, workOptions);
    },
    async schedule(queue, cron) {
      await ensureQueue(queue);
      await boss.schedule(queue, cron, {}, { tz: 'UTC' });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
