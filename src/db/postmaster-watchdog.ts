// Supervises the embedded PostgreSQL server while the app runs: every second it checks that the
// postmaster (the pid in the cluster's postmaster.pid) is alive. When it has died (kill -9, the OOM
// killer, a crash), it is started again: `pg_ctl start` runs crash recovery from the WAL, committed data
// is kept, and the app's pools reconnect on their own (requests meanwhile answer 503). If it cannot be
// started (START_ATTEMPTS tries), or it keeps dying (more than MAX_RESTARTS times in WINDOW_MS), the
// watchdog gives up: `onGiveUp` gets one sentence, and the app exits non-zero so that its supervisor
// (systemd, Docker, Kubernetes) restarts the whole app.
import fs from 'node:fs';
import path from 'node:path';

export const CHECK_INTERVAL_MS = 1000;
export const START_ATTEMPTS = 5;
export const MAX_RESTARTS = 5;
export const WINDOW_MS = 10 * 60_000;

export interface WatchdogOptions {
  /** The postmaster's pid, as the cluster's postmaster.pid says (undefined if there is none). */
  readonly pid: () => number | undefined;
  /** Starts the server again (pg_ctl start -w); rejects with a readable reason. */
  readonly restart: () => Promise<void>;
  readonly log: (message: string, level: 'info' | 'warn') => void;
  readonly onGiveUp: (message: string) => void;
}

export interface Watchdog {
  /** Stops watching; waits for a restart in progress, so that what follows (pg_ctl stop) does not race it. */
  stop(): Promise<void>;
}

/** Alive, and not a zombie (in a container where Node is pid 1, a dead postmaster stays a zombie of ours). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true; // no /proc (not Linux): trust the signal check
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function watchPostmaster(options: WatchdogOptions): Watchdog {
  let stopped = false;
  let restarting: Promise<void> | undefined;
  const deaths: number[] = [];

  const giveUp = (message: string) => {
    stopped = true;
    clearInterval(timer);
    options.onGiveUp(message);
  };

  async function restart(pid: number | undefined): Promise<void> {
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - WINDOW_MS) deaths.shift();
    if (deaths.length > MAX_RESTARTS) {
      giveUp(`the embedded PostgreSQL server died ${deaths.length} times in ${WINDOW_MS / 60_000} minutes; giving up`);
      return;
    }
    const started = Date.now();
    options.log(`embedded PostgreSQL has stopped unexpectedly${pid ? ` (pid ${pid})` : ''}: starting it again (crash recovery)`, 'warn');
    let reason = '';
    for (let attempt = 1; attempt <= START_ATTEMPTS && !stopped; attempt += 1) {
      try {
        await options.restart();
        options.log(`embedded PostgreSQL is running again after ${Date.now() - started} ms`, 'info');
        return;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
        // Backends of the killed server may hold its shared memory for a moment: wait and retry
        // (0.25, 0.5, 1, 2 s).
        if (attempt < START_ATTEMPTS) await sleep(250 * 2 ** (attempt - 1));
      }
    }
    if (!stopped) giveUp(`the embedded PostgreSQL server died and could not be started again (${START_ATTEMPTS} attempts): ${reason}`);
  }

  const timer = setInterval(() => {
    if (stopped || restarting) return;
    const pid = options.pid();
    if (pid !== undefined && isRunning(pid)) return;
    restarting = restart(pid).finally(() => (restarting = undefined));
  }, CHECK_INTERVAL_MS);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await restarting;
    },
  };
}

/**
 * After the postmaster died: PostgreSQL refuses to start while postmaster.pid names a pid that still
 * exists, and a killed postmaster may linger as a zombie for a while (until whoever inherited it reaps
 * it; for ever if that is a pid 1 that reaps nothing). The file may go once the pid is dead or a zombie
 * AND no process is still attached to the server's shared memory segment (line 7 of the file; the very
 * check PostgreSQL makes, so that two servers never share a cluster through an orphaned backend).
 */
export function releaseDeadServerLock(clusterDir: string): void {
  const file = path.join(clusterDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = fs.readFileSync(file, 'utf8').split('\n');
  } catch {
    return;
  }
  const pid = Number(lines[0]);
  if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) return;
  const shmid = lines[6]?.trim().split(/\s+/)[1];
  if (shmid && attachedProcesses(shmid) !== 0) return; // orphaned backends still run: wait for them
  fs.rmSync(file, { force: true });
}

/** nattch of a System V shared memory segment (0 if it is gone; undefined if it cannot be told). */
function attachedProcesses(shmid: string): number | undefined {
  try {
    for (const line of fs.readFileSync('/proc/sysvipc/shm', 'utf8').split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns[1] === shmid) return Number(columns[6]);
    }
    return 0;
  } catch {
    return undefined;
  }
}

/** Line 1 of the cluster's postmaster.pid (undefined when the file is missing or unreadable). */
export function postmasterPid(clusterDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
