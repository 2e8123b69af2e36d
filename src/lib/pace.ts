// A pace for background work: while `busy()` says the machine has better things to do, callers get their
// turn one at a time, at `ratePerSecond`; otherwise at once. Waiting callers are served in order, by one
// timer, and all released the moment the load passes. The rate is a floor, so nothing waits forever.

export interface Pace {
  /** Resolves when the caller may do one unit of work (e.g. render and send one email). */
  turn(): Promise<void>;
}

/** Never waits: for threads that answer requests themselves, and for tests. */
export const noPace: Pace = { turn: () => Promise.resolve() };

export interface PaceOptions {
  readonly busy: () => boolean;
  readonly ratePerSecond: number;
  /** How often a waiting queue looks again at `busy()` (default 100 ms). */
  readonly recheckMs?: number;
  /** The clock the pace reads, in milliseconds (default performance.now; a test reads it to see when turns were given). */
  readonly now?: () => number;
}

export function createPace(options: PaceOptions): Pace {
  if (!(options.ratePerSecond > 0)) throw new Error('ratePerSecond must be positive');
  const interval = 1000 / options.ratePerSecond;
  const recheck = options.recheckMs ?? 100;
  const now = options.now ?? (() => performance.now());
  const waiting: (() => void)[] = [];
  let lastTurn = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;

  function serve(): void {
    timer = undefined;
    while (waiting.length > 0) {
      if (!options.busy()) {
        for (const release of waiting.splice(0)) release();
        return;
      }
      const wait = lastTurn + interval - now();
      if (wait > 0) {
        timer = setTimeout(serve, Math.min(wait, recheck));
        return;
      }
      lastTurn = now();
      waiting.shift()!();
    }
  }

  return {
    turn() {
      if (waiting.length === 0 && !options.busy()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (!timer) serve();
      });
    },
  };
}
