// Who holds which job, so that the jobs of an instance killed with `kill -9` go back to the queue within
// seconds, while a live instance's job is never given to another one however long it takes.
//
// pg-boss 10 knows only that a job is `active` since `started_on`; it retries a job once `expire_in`
// has passed (120 s by default), whether its worker died or is merely slow. So the job thread of every
// instance registers itself (`job_instances`, a random id and a heartbeat written every second), and
// records in the transaction that starts a job which instance started it (`job_leases`). Then:
// - every instance looks every 2 s for instances whose heartbeat is older than 10 s (`staleSeconds`),
//   and in one statement deletes them and puts the jobs they held back in the queue, to run at once
//   (state `retry`, start_after now); the first look is at start-up;
// - a live instance's heartbeat extends the expiry of the jobs it holds, so pg-boss's own expiry (kept
//   for jobs no lease names) never takes a job from a live worker, however slow;
// - an instance that cannot write its heartbeat for 5 s (`fenceMs`, half the stale age; e.g. its
//   database connection is cut while SMTP still works) is fenced: its batches stop sending (Lease) and
//   it fetches nothing until a heartbeat succeeds again. If it was taken for dead meanwhile (its row is
//   gone), it drops what it held (already back in the queue) and registers again under a new id; if
//   not, it puts back the jobs it stopped working on.
// The instance row is the lock that orders these: releasing an instance takes its row FOR UPDATE
// (SKIP LOCKED), while starting, completing, failing or releasing one's own jobs takes it FOR KEY SHARE
// (the foreign key of a new lease does so by itself). So no job is released while its live holder is
// completing it, and a holder taken for dead can no longer complete or lease anything.
// A duplicate email is still possible for a message SMTP had accepted when the process died, before
// its delivery was recorded (at most the messages in flight: the pool's connections).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Knex } from 'knex';
import type PgBoss from 'pg-boss';
import type { Logger } from '../log.ts';
import { knexExecutor } from './knex-executor.ts';

export interface LeaseTimings {
  /** How often an instance writes its heartbeat. */
  readonly heartbeatMs: number;
  /** An instance stops working on its jobs after this long without a successful heartbeat. */
  readonly fenceMs: number;
  /** An instance whose heartbeat is older than this is dead; its jobs go back to the queue. */
  readonly staleSeconds: number;
  /** How often every instance looks for dead instances. */
  readonly reapMs: number;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { heartbeatMs: 1000, fenceMs: 5000, staleSeconds: 10, reapMs: 2000 };

/** Thrown to a batch whose instance may be taken for dead: it must send nothing more. */
export class LeaseLostError extends Error {
  constructor(message = 'this instance lost its job lease (no heartbeat); the jobs it held go back to the queue') {
    super(message);
    this.name = 'LeaseLostError';
  }
}

/** What a batch handler gets with its jobs. */
export interface Lease {
  /** Aborted (with a LeaseLostError) when the batch must stop. */
  readonly signal: AbortSignal;
  /** Throws a LeaseLostError unless the batch may go on: call it before each irreversible step (a send). */
  assertHeld(): void;
}

export interface LeasedJob<T> {
  readonly id: string;
  readonly data: T;
  readonly retryCount: number;
}

export interface Instance {
  /** The id this instance is registered under (a new one after it was taken for dead). */
  id(): string;
  /** True while this instance may start and work on jobs (its heartbeat is recent). */
  held(): boolean;
  /** Starts up to `batchSize` jobs of `queue` and leases them to this instance, in one transaction. */
  fetch<T>(queue: string, batchSize: number): Promise<LeasedJob<T>[]>;
  /** A lease for a batch just fetched; call end() once the handler has returned. */
  lease(): { readonly lease: Lease; end(): void };
  /** Completes and fails the jobs of a batch (each only if this instance still holds it). */
  settle(queue: string, completed: readonly string[], failed: readonly { id: string; message: string }[]): Promise<void>;
  /** Jobs a stopped batch leaves unfinished: released to the queue by the next successful heartbeat. */
  abandon(queue: string, ids: readonly string[]): void;
  /** Makes every batch in hand stop (at its next assertHeld). */
  fence(): void;
  /** Stops heartbeats, puts the jobs still held back in the queue and deregisters. */
  stop(): Promise<void>;
}

const RELEASED_DEAD = 'released: the instance that had started it stopped (no heartbeat)';
const RELEASED_OWN = 'released by its instance before it finished (shut down, or no heartbeat)';

/**
 * Puts back in the queue the active jobs that `leases` (a FROM item over job_leases rows, aliased l)
 * names: to run at once, as a retry (failed once the retry limit is spent, as pg-boss does).
 */
const releaseJobsSql = (leases: string) => `
  update pgboss.job j
     set state = (case when j.retry_count < j.retry_limit then 'retry' else 'failed' end)::pgboss.job_state,
         start_after = now(),
         completed_on = case when j.retry_count < j.retry_limit then null else now() end,
         output = jsonb_build_object('message', ?::text)
    from ${leases}
   where j.name = l.queue and j.id = l.job_id and j.state = 'active' and j.started_on = l.started_on
  returning j.id`;

/** Deletes the instances `pick` selects (locked FOR UPDATE) and releases every job they held. */
const releaseInstancesSql = (pick: string) => `
  with dead as (${pick}),
  released as (${releaseJobsSql('job_leases l join dead on dead.id = l.instance_id')}),
  gone as (delete from job_instances i using dead where i.id = dead.id returning i.id)
  select (select count(*) from gone)::int as instances, (select count(*) from released)::int as jobs`;

const REAP_SQL = releaseInstancesSql(`select id from job_instances where heartbeat_at < statement_timestamp() - make_interval(secs => ?) and id <> ? for update skip locked`);

/**
 * Deletes the instances whose heartbeat is older than `staleSeconds` (but `except`, the caller) and puts
 * every job they held back in the queue, to run at once. Every live instance runs it every few seconds.
 */
export async function reapDeadInstances(db: Knex | Knex.Transaction, staleSeconds: number, except: string): Promise<{ instances: number; jobs: number }> {
  const { rows } = (await db.raw(REAP_SQL, [staleSeconds, except, RELEASED_DEAD])) as { rows: { instances: number; jobs: number }[] };
  return rows[0] ?? { instances: 0, jobs: 0 };
}
const DEREGISTER_SQL = releaseInstancesSql(`select id from job_instances where id = ? for update`);

const HEARTBEAT_SQL = `
  with beat as (update job_instances set heartbeat_at = statement_timestamp() where id = ? returning id),
  extended as (
    update pgboss.job j set expire_in = (now() - j.started_on) + make_interval(secs => ?)
      from job_leases l
     where l.instance_id in (select id from beat) and j.name = l.queue and j.id = l.job_id
       and j.state = 'active' and j.started_on = l.started_on
       and j.started_on + j.expire_in < now() + make_interval(secs => ?)
    returning j.id)
  select (select count(*) from beat)::int as alive, (select count(*) from extended)::int as extended`;

/** Releases some of one's own jobs (ids per queue are in the job_leases rows of this instance). */
const RELEASE_OWN_SQL = `
  with me as (select id from job_instances where id = ? for key share),
  mine as (select l.* from job_leases l join me on me.id = l.instance_id where l.job_id = any(?::uuid[])),
  released as (${releaseJobsSql('mine l')}),
  dropped as (delete from job_leases d using mine where d.job_id = mine.job_id and d.instance_id = mine.instance_id)
  select count(*)::int as jobs from released`;

/** Completes one's own jobs; the columns as pg-boss's complete() sets them (checked by a contract test). */
const COMPLETE_SQL = `
  with me as (select id from job_instances where id = ? for key share),
  done as (
    delete from job_leases l using me
     where l.instance_id = me.id and l.job_id = any(?::uuid[])
    returning l.job_id, l.started_on)
  update pgboss.job j set completed_on = now(), state = 'completed', output = null
    from done
   where j.name = ? and j.id = done.job_id and j.state = 'active' and j.started_on = done.started_on`;

export interface InstanceOptions {
  readonly db: Knex;
  readonly boss: PgBoss;
  readonly logger: Logger;
  /** The job expiry (seconds); a live instance keeps extending it for the jobs it holds. */
  readonly expireInSeconds: number;
  readonly timings?: Partial<LeaseTimings>;
}

/** Registers this job thread as an instance and starts its heartbeat and its look for dead instances. */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const { db, boss, logger } = options;
  const timings: LeaseTimings = { ...DEFAULT_LEASE_TIMINGS, ...options.timings };
  if (!(timings.fenceMs < timings.staleSeconds * 1000)) throw new Error('fenceMs must be shorter than staleSeconds');
  let id = randomUUID();
  let lastBeatSentAt = Number.NEGATIVE_INFINITY; // when the last successful heartbeat (or registration) was sent
  let stopped = false;
  const leases = new Set<AbortController>();
  /** Jobs stopped batches left, by the instance id that held them: released at the next heartbeat. */
  const abandoned = new Map<string, Set<string>>();

  const register = async () => {
    const sentAt = performance.now();
    await db.raw('insert into job_instances (id, host, pid) values (?, ?, ?)', [id, os.hostname().slice(0, 255), process.pid]);
    lastBeatSentAt = sentAt;
  };
  const fresh = () => performance.now() - lastBeatSentAt < timings.fenceMs;
  const fence = (reason: LeaseLostError) => {
    for (const controller of leases) controller.abort(reason);
  };
  let fenceTimer: NodeJS.Timeout | undefined;
  let fencedLogged = false;
  const armFence = () => {
    clearTimeout(fenceTimer);
    if (fresh()) fencedLogged = false;
    fenceTimer = setTimeout(() => {
      if (stopped) return;
      if (fresh()) return armFence(); // fired a hair early (timers and performance.now() differ)
      if (!fencedLogged) logger.warn({ instance: id, fenceMs: timings.fenceMs }, 'no job heartbeat written for a while: this instance stops sending until it can write one');
      fencedLogged = true;
      fence(new LeaseLostError());
    }, Math.max(1, lastBeatSentAt + timings.fenceMs - performance.now()));
    fenceTimer.unref();
  };

  const releaseAbandoned = async () => {
    const ids = abandoned.get(id);
    abandoned.clear(); // those of an earlier id are back in the queue already (released with that instance)
    if (!ids || ids.size === 0) return;
    try {
      const { rows } = (await db.raw(RELEASE_OWN_SQL, [id, [...ids], RELEASED_OWN])) as { rows: { jobs: number }[] };
      logger.info({ instance: id, jobs: rows[0]?.jobs ?? 0 }, 'jobs this instance stopped working on are back in the queue');
    } catch (error) {
      const again = abandoned.get(id) ?? new Set();
      for (const job of ids) again.add(job);
      abandoned.set(id, again);
      throw error;
    }
  };

  const heartbeat = async () => {
    const sentAt = performance.now();
    const { rows } = (await db.raw(HEARTBEAT_SQL, [id, options.expireInSeconds, options.expireInSeconds / 2])) as { rows: { alive: number; extended: number }[] };
    if (rows[0]?.alive === 1) {
      lastBeatSentAt = sentAt;
      armFence();
      await releaseAbandoned();
      return;
    }
    if (stopped) return; // deregistered by stop()
    // Taken for dead (the row is gone): its jobs were released with it. Stop, and start again as new.
    const old = id;
    fence(new LeaseLostError('this instance was taken for dead; its jobs went back to the queue'));
    abandoned.clear();
    id = randomUUID();
    await register();
    armFence();
    logger.warn({ was: old, instance: id }, 'this job instance had been taken for dead (no heartbeat): it registered again');
  };

  const reap = async () => {
    if (!fresh()) return; // out of touch ourselves: judge no one
    const found = await reapDeadInstances(db, timings.staleSeconds, id);
    if (found.instances > 0) logger.info({ instances: found.instances, jobs: found.jobs }, 'released the jobs of instances that stopped without a heartbeat');
  };

  /** Runs `step` every `ms` until stopped (never two at once: a run that took longer is followed at once). */
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  const every = (ms: number, name: string, step: () => Promise<void>) => {
    let failingSince: number | undefined; // while the database is away: one warning, then one every 30 s
    let lastWarned = 0;
    const run = () => {
      const began = performance.now();
      const done = step()
        .then(() => {
          if (failingSince !== undefined) logger.info({ seconds: Math.round((performance.now() - failingSince) / 1000) }, `job ${name} works again`);
          failingSince = undefined;
        })
        .catch((error: unknown) => {
          failingSince ??= began;
          if (began - lastWarned < 30_000) return;
          lastWarned = began;
          logger.warn({ err: error }, `job ${name} failed; trying again every ${ms} ms`);
        })
        .finally(() => {
          running.delete(done);
          if (stopped) return;
          const timer = setTimeout(() => {
            timers.delete(timer);
            run();
          }, Math.max(0, ms - (performance.now() - began)));
          timer.unref();
          timers.add(timer);
        });
      running.add(done);
    };
    run();
  };

  await register();
  armFence();
  await reap(); // at start-up: the jobs of instances that died before (e.g. this one's previous life)
  every(timings.heartbeatMs, 'heartbeat', heartbeat);
  every(timings.reapMs, 'look for dead instances', reap);

  return {
    id: () => id,
    held: () => !stopped && fresh(),
    async fetch<T>(queue: string, batchSize: number): Promise<LeasedJob<T>[]> {
      return db.transaction(async (trx) => {
        const jobs = await boss.fetch<T>(queue, { batchSize, includeMetadata: true, db: knexExecutor(trx) });
        if (jobs.length === 0) return [];
        // The foreign key locks this instance's row (FOR KEY SHARE): if it is being released as dead,
        // this waits and then fails, and the whole start is rolled back.
        await trx.raw(
          `insert into job_leases (job_id, queue, instance_id, started_on) select unnest(?::uuid[]), ?, ?, now()
           on conflict (job_id) do update set queue = excluded.queue, instance_id = excluded.instance_id, started_on = excluded.started_on`,
          [jobs.map((job) => job.id), queue, id],
        );
        return jobs.map((job) => ({ id: job.id, data: job.data, retryCount: job.retryCount }));
      });
    },
    lease() {
      const controller = new AbortController();
      leases.add(controller);
      if (!fresh()) controller.abort(new LeaseLostError());
      const lease: Lease = {
        signal: controller.signal,
        assertHeld() {
          if (!controller.signal.aborted && !fresh()) fence(new LeaseLostError());
          controller.signal.throwIfAborted();
        },
      };
      return { lease, end: () => void leases.delete(controller) };
    },
    async settle(queue, completed, failed) {
      if (completed.length > 0) await db.raw(COMPLETE_SQL, [id, [...completed], queue]);
      if (failed.length === 0) return;
      await db.transaction(async (trx) => {
        // Only jobs this instance still holds (its row locked, so it cannot be released as dead meanwhile).
        const me = (await trx.raw('select id from job_instances where id = ? for key share', [id])) as { rows: unknown[] };
        if (me.rows.length === 0) return;
        const { rows } = (await trx.raw(
          `delete from job_leases l using pgboss.job j
            where l.instance_id = ? and l.job_id = any(?::uuid[])
              and j.name = ? and j.id = l.job_id and j.state = 'active' and j.started_on = l.started_on
           returning l.job_id::text as id`,
          [id, failed.map((f) => f.id), queue],
        )) as { rows: { id: string }[] };
        const held = new Set(rows.map((r) => r.id));
        // pg-boss's fail (retry with backoff, or failed once the limit is spent), one message per job.
        for (const failure of failed) {
          if (held.has(failure.id)) await boss.fail(queue, failure.id, { message: failure.message }, { db: knexExecutor(trx) });
        }
      });
    },
    fence: () => fence(new LeaseLostError('the job thread is stopping')),
    abandon(_queue, ids) {
      const mine = abandoned.get(id) ?? new Set<string>();
      for (const job of ids) mine.add(job);
      abandoned.set(id, mine);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(fenceTimer);
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(running); // a heartbeat or a look in progress
      fence(new LeaseLostError('the job thread is stopping'));
      const { rows } = (await db.raw(DEREGISTER_SQL, [id, RELEASED_OWN])) as { rows: { jobs: number }[] };
      if ((rows[0]?.jobs ?? 0) > 0) logger.info({ jobs: rows[0]?.jobs }, 'jobs still held at shut-down are back in the queue');
    },
  };
}
