// The job workers in their own thread, started by boot(): sending email (rendering templates, composing
// MIME, talking SMTP) then never holds up the event loop that answers pages and forms. The thread opens
// its own connection pool and job queue on the database the main thread opened, with the same
// configuration and secrets (passed in, so a generated development secret is the same in both).
// The thread runs an entry module named by the caller (src/job-thread.ts), which lists the
// capabilities' workers: this layer imports no capability.
import fs from 'node:fs';
import os from 'node:os';
import { type MessagePort, Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { systemClock, type AppDeps } from '../container.ts';
import { createDb } from '../db/knex.ts';
import { tolerateDatabaseOutages } from '../db/unavailable.ts';
import { createI18n } from '../i18n/i18n.ts';
import { createPace } from '../lib/pace.ts';
import { createLogger, type Logger } from '../log.ts';
import type { Secrets } from '../secrets.ts';
import { createJobServices } from '../services.ts';
import { readWebLoad, startWebLoadGauge } from './web-load.ts';

interface ThreadInput {
  readonly config: Config;
  readonly secrets: Secrets;
  readonly databaseUrl: string;
}

export interface ThreadData extends ThreadInput {
  /** The main thread's load (see web-load.ts). */
  readonly webLoad: SharedArrayBuffer;
}

/**
 * While the main thread is busier than this (event-loop utilisation), email is sent at EMAIL_FLOOR_PER_S
 * per instance (see emailFloorPerSecond), so a spike of signing is not slowed by its own confirmation emails: measured on 2 cores,
 * sending them alongside cost a fifth of the signing rate, even at nice 10, through the database and SMTP
 * work each email brings. The queue drains at full speed once the load passes.
 */
const BUSY_LOAD = 0.5;
const EMAIL_FLOOR_PER_S = 20;

/**
 * The floor, raised if need be so that the emails the workers hold are all sent within half the job
 * expiry (a job running longer would be taken as lost and its mail sent again by another worker).
 */
export const emailFloorPerSecond = (jobExpireSeconds: number, maxEmailsInHand: number): number => Math.max(EMAIL_FLOOR_PER_S, Math.ceil(maxEmailsInHand / (jobExpireSeconds / 2)));

/** What the thread's entry module provides: every capability's workers. */
export interface JobRegistration {
  registerWorkers(deps: AppDeps): Promise<void>;
  /** The most emails all the workers can hold at once. */
  readonly maxEmailsInHand: number;
}

type ToThread = { type: 'stop' };
type FromThread = { type: 'ready' } | { type: 'failed'; message: string };

export interface WorkerThread {
  /** Finishes the jobs in hand (up to pg-boss's graceful timeout), then ends the thread. */
  stop(): Promise<void>;
}

/** Starts the workers' thread on `entry` (a module that calls runJobThread); resolves once its queue is polling. */
export function startWorkerThread(input: ThreadInput, logger: Logger, entry: string): Promise<WorkerThread> {
  // A worker does not inherit the process's `--import tsx` hooks, so a one-line bootstrap registers tsx
  // in the thread first. (tsx is resolved here, from this file, so the thread finds it whatever the
  // working directory.)
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const gauge = startWebLoadGauge();
  const worker = new Worker(bootstrap, { eval: true, workerData: { ...input, webLoad: gauge.buffer } satisfies ThreadData, name: 'dauys-jobs' });
  let stopping = false;
  let ready = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => gauge.stop());
  return new Promise((resolve, reject) => {
    worker.once('error', (error) => {
      logger.error({ err: error }, 'the job workers thread failed');
      reject(error);
    });
    worker.on('message', (message: FromThread) => {
      if (message.type === 'failed') reject(new Error(`job workers could not start: ${message.message}`));
      if (message.type !== 'ready') return;
      ready = true;
      resolve({
        async stop() {
          if (stopping) return exited;
          stopping = true;
          worker.postMessage({ type: 'stop' } satisfies ToThread);
          const timer = setTimeout(() => void worker.terminate(), 20_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
    worker.once('exit', (code) => {
      if (stopping) return;
      reject(new Error(`the job workers thread ended (code ${code})`)); // during start-up: boot() fails and cleans up
      if (!ready) return;
      // Without its workers no email leaves: shut down (drained, exit code 1) so a supervisor restarts the app.
      logger.fatal({ code }, 'the job workers thread ended unexpectedly');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
  });
}

/** Buffers arrive as Uint8Arrays after the structured clone. */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Background work yields to requests: on Linux the thread lowers its own CPU priority (a per-thread nice
 * value, which needs no privilege). With spare CPU it runs at full speed; in a spike, forms and pages go
 * first and the email queue catches up afterwards (every job is already stored with its signature).
 */
const JOBS_NICE = 10;
function lowerThreadPriority(logger: Logger): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, JOBS_NICE);
  } catch (error) {
    logger.debug({ err: error }, 'the job thread keeps the normal CPU priority');
  }
}

/** The thread's side: called by the entry module with the workers it registers. */
export async function runJobThread(input: ThreadData, port: MessagePort, registration: JobRegistration): Promise<void> {
  const { config } = input;
  const secrets: Secrets = {
    sessionSecret: input.secrets.sessionSecret,
    encryptionKey: asBuffer(input.secrets.encryptionKey),
    lookupKey: asBuffer(input.secrets.lookupKey),
    ipKey: asBuffer(input.secrets.ipKey),
    formKey: asBuffer(input.secrets.formKey),
  };
  const logger = createLogger(config.logLevel).child({ thread: 'jobs' });
  tolerateDatabaseOutages(logger); // a database outage must not end the thread (see db/unavailable.ts)
  lowerThreadPriority(logger);
  const db = createDb(input.databaseUrl);
  const { jobs, mailer } = createJobServices(config, input.databaseUrl, logger);
  const webLoad = readWebLoad(input.webLoad);
  const pace = createPace({ busy: () => webLoad() >= BUSY_LOAD, ratePerSecond: emailFloorPerSecond(config.jobExpireSeconds, registration.maxEmailsInHand) });
  const deps: AppDeps = { config, secrets, db, logger, i18n: createI18n(), jobs, mailer, clock: systemClock, pace };
  const close = async () => {
    await jobs.stop().catch((error: unknown) => logger.error({ err: error }, 'job queue did not stop cleanly'));
    mailer.close();
    await db.destroy();
  };
  try {
    await jobs.start();
    await registration.registerWorkers(deps);
  } catch (error) {
    await close().catch(() => undefined);
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromThread);
    return;
  }
  port.on('message', (message: ToThread) => {
    if (message.type !== 'stop') return;
    void close().finally(() => port.close()); // with nothing left to do, the thread exits
  });
  port.postMessage({ type: 'ready' } satisfies FromThread);
}
