// The encrypted parts on disk, under DATA_DIR/evidence (mode 0700, files 0600), each named by 128 random
// bits. A part is written as <name>.partial while it streams in and renamed once its report is in the
// database, with its times set to midnight of its day. Nothing in this folder is ever plaintext.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface PartStore {
  readonly dir: string;
  /** A fresh random name ("<32 hex>.gpg"). */
  newName(): string;
  /** Where a part is written while it streams in. */
  partialPath(name: string): string;
  finalPath(name: string): string;
  /** Makes written parts permanent (call after their rows are committed). */
  commit(names: readonly string[], day: Date): Promise<void>;
  /** Removes parts, written or not (a refused or failed request leaves nothing). */
  discard(names: readonly string[]): Promise<void>;
  /** Partial files older than `ms` (a crashed request's); the caller decides what to do with each. */
  stalePartials(ms: number, now: Date): Promise<string[]>;
}

export const NAME = /^[0-9a-f]{32}\.gpg$/;

const ignoreMissing = (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
};

export function createPartStore(dataDir: string): PartStore {
  const dir = path.join(dataDir, 'evidence');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const finalPath = (name: string) => {
    if (!NAME.test(name)) throw new Error('not a part name');
    return path.join(dir, name);
  };
  const partialPath = (name: string) => `${finalPath(name)}.partial`;
  return {
    dir,
    newName: () => `${randomBytes(16).toString('hex')}.gpg`,
    partialPath,
    finalPath,
    async commit(names, day) {
      for (const name of names) {
        await fs.promises.rename(partialPath(name), finalPath(name));
        await fs.promises.utimes(finalPath(name), day, day);
      }
    },
    async discard(names) {
      for (const name of names) {
        await fs.promises.unlink(partialPath(name)).catch(ignoreMissing);
        await fs.promises.unlink(finalPath(name)).catch(ignoreMissing);
      }
    },
    async stalePartials(ms, now) {
      const stale: string[] = [];
      for (const entry of await fs.promises.readdir(dir)) {
        if (!entry.endsWith('.partial')) continue;
        const stat = await fs.promises.stat(path.join(dir, entry)).catch(() => undefined);
        if (stat && now.getTime() - stat.mtimeMs > ms) stale.push(entry.slice(0, -'.partial'.length));
      }
      return stale;
    },
  };
}
