// How busy the thread answering requests is, shared with the job thread through one shared integer: the
// main thread's event-loop utilisation (the share of time it spends running code rather than waiting),
// in thousandths, refreshed four times a second. The job thread paces its email on it (see lib/pace.ts),
// so in a spike, forms and pages get the CPU and the queue, already stored, catches up afterwards.
import { performance } from 'node:perf_hooks';

const REFRESH_MS = 250;

export interface WebLoadGauge {
  /** Shared memory the reading thread gets (workerData). */
  readonly buffer: SharedArrayBuffer;
  stop(): void;
}

/** Starts measuring this thread's load into shared memory. */
export function startWebLoadGauge(): WebLoadGauge {
  const buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const cell = new Int32Array(buffer);
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    Atomics.store(cell, 0, Math.round(performance.eventLoopUtilization(now, last).utilization * 1000));
    last = now;
  }, REFRESH_MS);
  timer.unref();
  return { buffer, stop: () => clearInterval(timer) };
}

/** Reads the load another thread measures: 0 (idle) to 1 (never idle) over the last quarter second. */
export function readWebLoad(buffer: SharedArrayBuffer): () => number {
  const cell = new Int32Array(buffer);
  return () => Atomics.load(cell, 0) / 1000;
}
