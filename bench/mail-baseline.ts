// The email drain of `npm run bench` against its baseline: how fast the app's queue empties once the
// signing spike is over, beside a bare nodemailer pool (bench/raw-pool.ts, its own process, 5 pooled
// connections) sending as many messages of the same shape to the same SMTP sink in the same run.
// The target is against the pool at the normal priority. The pool also runs a second time at the
// priority of the app's job thread (nice 10, see jobs/worker-thread.ts): on an idle machine the two
// agree; on one that other programs keep busy, the second shows how much of the gap is the priority
// the app gives email (it yields, by design) rather than its own cost per email.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { JOBS_NICE } from '../src/jobs/worker-thread.ts';
import type { SmtpSink } from './sink.ts';

export interface Drain {
  /** Emails that arrived after signing ended, until the last one (or until the bench gave up). */
  readonly count: number;
  readonly seconds: number;
  readonly rate: number;
  readonly drained: boolean;
  /** Emails that arrived while signing ran (paced: the job thread yields to requests). */
  readonly duringSpike: number;
  readonly spikeSeconds: number;
}

/** The drain from the sink's arrival times: `signStart`/`signEnd` are performance.now() values of this process. */
export function drainFrom(sink: SmtpSink, signStart: number, signEnd: number, drained: boolean, gaveUpAt: number): Drain {
  const arrivals = sink.arrivals();
  const after = arrivals.filter((t) => t > signEnd);
  const last = drained && after.length > 0 ? after[after.length - 1]! : gaveUpAt;
  const seconds = Math.max((last - signEnd) / 1000, 0.001);
  return {
    count: after.length,
    seconds,
    rate: after.length / seconds,
    drained,
    duringSpike: arrivals.filter((t) => t > signStart && t <= signEnd).length,
    spikeSeconds: (signEnd - signStart) / 1000,
  };
}

export interface RawPool {
  readonly sent: number;
  readonly errors: number;
  readonly seconds: number;
  readonly rate: number;
  readonly cpuMsPerMail: number;
  /** Size of the app's message the baseline copies. */
  readonly bytes: number;
}

/** Runs bench/raw-pool.ts: `count` messages shaped like a confirmation the app sent, after a warm-up. */
export async function runRawPool(options: { sink: SmtpSink; count: number; warmUp: number; tmp: string; root: string; nice?: boolean }): Promise<RawPool> {
  const sample = await options.sink.sample();
  if (!sample) throw new Error('no confirmation email in the sink to copy for the raw pool');
  const samplePath = path.join(options.tmp, 'raw-pool-sample.json');
  fs.writeFileSync(samplePath, JSON.stringify(sample));
  options.sink.keep(false); // counted only: the baseline's messages are not parsed for links
  try {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        options.nice ? 'nice' : process.execPath,
        [...(options.nice ? ['-n', String(JOBS_NICE), process.execPath] : []), '--import', 'tsx', 'bench/raw-pool.ts'],
        { cwd: options.root, env: { ...process.env, RAW_POOL_SMTP_URL: options.sink.url, RAW_POOL_COUNT: String(options.count), RAW_POOL_WARMUP: String(options.warmUp), RAW_POOL_SAMPLE: samplePath }, maxBuffer: 1 << 20 },
        (error, stdout, stderr) => (error ? reject(new Error(`the raw pool failed: ${stderr || error.message}`)) : resolve(stdout)),
      ),
    );
    const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Omit<RawPool, 'bytes'>;
    return { ...result, bytes: sample.bytes };
  } finally {
    options.sink.keep(true);
  }
}
