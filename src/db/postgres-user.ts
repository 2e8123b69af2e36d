// When Dauys runs as root, PostgreSQL must run as an unprivileged user that can reach both its binaries
// and its data directory. This file finds (or creates) that user and, when the project sits under a
// folder that user cannot enter (a 0700 home, a CI clone), moves the binaries and the cluster to
// root-owned 0755 places outside the project.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

function lookupUser(name: string): RunAs | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** The `postgres` system user, created on first use (this changes the host once, as any PostgreSQL package does). */
export function ensurePostgresUser(): RunAs {
  const existing = lookupUser('postgres');
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  } catch {
    throw new Error('Running as root: PostgreSQL refuses root and the "postgres" system user could not be created (useradd failed). Create it, or set DATABASE_URL.');
  }
  const created = lookupUser('postgres');
  if (!created) throw new Error('Running as root: the "postgres" user was created but cannot be looked up.');
  return created;
}

/** Whether `user` may traverse every folder above `target` (and enter `target` itself). */
export function canTraverse(target: string, user: RunAs): boolean {
  let current = path.resolve(target);
  for (;;) {
    const stat = fs.statSync(current, { throwIfNoEntry: false });
    if (stat) {
      const mode = stat.mode;
      const ok = stat.uid === user.uid ? (mode & 0o100) !== 0 : stat.gid === user.gid ? (mode & 0o010) !== 0 : (mode & 0o001) !== 0;
      if (!ok) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** A root-owned 0755 folder outside the project, for what the postgres user must reach. */
export function reachableHome(kind: 'bin' | 'cluster', key: string): string {
  const base = kind === 'bin' ? '/var/cache/dauys' : '/var/lib/dauys';
  const dir = path.join(base, createHash('sha256').update(key).digest('hex').slice(0, 16));
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(base, 0o755);
  fs.chmodSync(dir, 0o755);
  return dir;
}
