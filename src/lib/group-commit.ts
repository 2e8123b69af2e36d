// Group commit: items submitted while earlier writes are in flight wait and are then written together,
// in one transaction, by `write`. An item alone (a quiet moment) is written at once, so batching adds no
// delay; under load, one commit and a handful of statements serve many requests instead of one each.
// If a batch fails, its items are retried one by one, so one bad item cannot fail the others; but when
// it failed because the database is unreachable, every item of it fails at once (each request answers
// 503 within seconds instead of waiting for a hundred doomed retries in turn).
// A graceful stop waits for every group commit in progress (groupCommitsSettled).
import { isDatabaseUnavailable } from '../db/unavailable.ts';

export interface GroupCommitOptions {
  /** Most items in one batch. */
  readonly maxBatch: number;
  /** Batches written at the same time (each holds one database connection). */
  readonly maxConcurrent: number;
}

/** Writes a batch; returns one result per item, in order. */
export type BatchWriter<I, O> = (items: readonly I[]) => Promise<O[]>;

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (reason: unknown) => void;
}

export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
  /** Items waiting plus items being written. */
  pending(): number;
}

/** Items submitted to any group commit of this process and not yet settled, and who waits for none. */
let itemsInFlight = 0;
let settledWaiters: (() => void)[] = [];

function settleOne(): void {
  itemsInFlight -= 1;
  if (itemsInFlight > 0) return;
  const waiters = settledWaiters;
  settledWaiters = [];
  for (const resolve of waiters) resolve();
}

/** Resolves once no group commit of this process has an item waiting or being written. */
export function groupCommitsSettled(): Promise<void> {
  return itemsInFlight === 0 ? Promise.resolve() : new Promise((resolve) => settledWaiters.push(resolve));
}

export function groupCommit<I, O>(write: BatchWriter<I, O>, options: GroupCommitOptions): GroupCommit<I, O> {
  if (options.maxBatch < 1 || options.maxConcurrent < 1) throw new Error('maxBatch and maxConcurrent must be at least 1');
  const queue: Waiting<I, O>[] = [];
  let running = 0;
  let inFlight = 0;

  async function writeAlone(waiting: Waiting<I, O>): Promise<void> {
    try {
      const results = await write([waiting.item]);
      if (results.length !== 1) throw new Error(`group commit: ${results.length} results for 1 item`);
      waiting.resolve(results[0] as O);
    } catch (error) {
      waiting.reject(error);
    }
  }

  async function run(batch: Waiting<I, O>[]): Promise<void> {
    if (batch.length === 1) return writeAlone(batch[0]!);
    let results: O[];
    try {
      results = await write(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
    } catch (error) {
      // The whole transaction rolled back: nothing of this batch is stored. Try each item on its own,
      // unless the database itself is gone: then each would fail the same way, one after the other.
      if (isDatabaseUnavailable(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) await writeAlone(waiting);
      return;
    }
    batch.forEach((waiting, i) => waiting.resolve(results[i]!));
  }

  function pump(): void {
    while (running < options.maxConcurrent && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      running += 1;
      void run(batch).finally(() => {
        running -= 1;
        inFlight -= batch.length;
        for (let i = 0; i < batch.length; i += 1) settleOne();
        pump();
      });
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        inFlight += 1;
        itemsInFlight += 1;
        pump();
      });
    },
    pending: () => inFlight,
  };
}
