// Child processes of the benchmark (the app and the baseline server): start, wait until ready, stop.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

let ticksPerSecond: number | undefined;

/** Fields of a /proc stat file from the 3rd (state) on, or undefined where there is none. */
export function procStatFields(statPath: string): string[] | undefined {
  try {
    const stat = fs.readFileSync(statPath, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) used so far, from a /proc/<pid>[/task/<tid>]/stat file; NaN if unknown. */
export function statCpuSeconds(statPath: string): number {
  const fields = procStatFields(statPath);
  if (!fields) return Number.NaN;
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime, stime: the 14th and 15th
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where there is no /proc. */
export function cpuSeconds(pid: number | undefined): number {
  return pid === undefined ? Number.NaN : statCpuSeconds(`/proc/${pid}/stat`);
}

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logFile: string;
  /** The last lines the child wrote (stdout and stderr). */
  tail(lines?: number): string;
  /** Lines that look like pino warnings (40) or errors (50+), or any stderr output. */
  problems(): string[];
  stop(): Promise<void>;
}

/** Runs `node [nodeArgs] --import tsx <script>` with the given environment; output goes to `logFile`. */
export function spawnNode(name: string, script: string, env: NodeJS.ProcessEnv, logFile: string, cwd: string, nodeArgs: string[] = []): Child {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { cwd, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const read = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    name,
    process: child,
    logFile,
    tail: (lines = 20) => read().trimEnd().split('\n').slice(-lines).join('\n'),
    problems: () =>
      read()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .filter((line) => {
          const level = /"level":(\d+)/.exec(line)?.[1];
          return level === undefined || Number(level) >= 40;
        }),
    async stop() {
      if (exited || child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers `status`; fails if the child exits first or after `ms`. */
export async function waitForHttp(child: Child, url: string, status = 200, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`${child.name} exited (${child.process.exitCode ?? child.process.signalCode}) before it was ready:\n${child.tail()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === status) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${child.name} did not answer ${status} on ${url} within ${ms / 1000} s:\n${child.tail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
