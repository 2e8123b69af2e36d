// Who owns DATA_DIR's embedded PostgreSQL: `dauys.pid` holds the pid of the process that started the
// cluster (an app or a CLI command) and the cluster's port. A second `npm start` on the same DATA_DIR is
// refused (it would stop the first one's database); a CLI command beside a running app connects to that
// app's cluster instead of starting (and later stopping) its own.
import fs from 'node:fs';
import path from 'node:path';

export interface DataDirOwner {
  readonly pid: number;
  readonly port: number;
  readonly role: 'app' | 'cli';
}

const lockFile = (dataDir: string): string => path.join(dataDir, 'dauys.pid');

/** Alive and a Node process (a pid reused by another program after a reboot is not an owner). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true; // no /proc (not Linux): trust the signal check
  }
}

/** The live owner of DATA_DIR's cluster, if any (a file left by a killed process is ignored). */
export function readOwner(dataDir: string): DataDirOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(lockFile(dataDir), 'utf8')) as Partial<DataDirOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.port !== 'number' || owner.pid === process.pid) return undefined;
    return isAlive(owner.pid) ? { pid: owner.pid, port: owner.port, role: owner.role === 'cli' ? 'cli' : 'app' } : undefined;
  } catch {
    return undefined;
  }
}

/** Claims DATA_DIR for this process; returns the release function. Throws if a live process owns it. */
export function claimDataDir(dataDir: string, port: number, role: DataDirOwner['role']): () => void {
  const owner = readOwner(dataDir);
  if (owner) {
    const who = owner.role === 'app' ? 'a running Dauys' : 'a running CLI command';
    throw new Error(`${who} (pid ${owner.pid}) is using the embedded database in ${dataDir}: stop it first, or use another DATA_DIR`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, port, role } satisfies DataDirOwner), { mode: 0o600 });
  return () => {
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DataDirOwner>;
      if (current.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}
