// Use-case: restore a backup (take-backup.ts) into an empty DATA_DIR, before anything runs there. The
// archive is unpacked into a folder beside the cluster's place, every entry is checked against the
// manifest's SHA-256, and only a complete, intact backup is moved into place; otherwise nothing is left
// behind. The next `npm start` replays the backup's WAL (backup_label) and serves the restored data.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { RunAs } from '../db/postgres-user.ts';
import { BACKUP_FORMAT, CLUSTER_PREFIX, HEADER_ENTRY, MANIFEST_ENTRY, PASSWORD_ENTRY, type BackupHeader, type BackupManifest } from './backup-format.ts';
import { readTar, TarFormatError } from './tar.ts';

/** What DATA_DIR may already hold: the secrets kept apart from the backup, put back first. */
const ALLOWED_BEFORE_RESTORE = new Set(['secrets.json']);

export interface RestoreInput {
  readonly file: string;
  readonly dataDir: string;
  /** Where the cluster goes and who owns it (db/embedded-postgres.ts embeddedLayout). */
  readonly layout: (dataDir: string) => { clusterDir: string; binDir: string; runAs: RunAs | undefined };
  /** The DATA_KEY fingerprint at hand (backup-format.ts dataKeyCheck), or null if none is set yet. */
  readonly dataKeyCheck: string | null;
}

export type RestoreResult =
  | { kind: 'restored'; manifest: BackupManifest; clusterDir: string; files: number; bytes: number; ms: number; keyMatches: boolean | undefined }
  | { kind: 'refused'; reason: string };

/** A backup that cannot be restored as it is (damaged, cut short, not ours). */
export class BadBackupError extends Error {}

function notEmpty(dir: string, allowed: ReadonlySet<string>): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((name) => !allowed.has(name));
}

function binariesMajor(binDir: string): string | undefined {
  const result = spawnSync(path.join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' });
  return /\(PostgreSQL\) (\d+)/.exec(result.stdout ?? '')?.[1];
}

/** A path inside the archive that stays inside the cluster folder (no "..", no absolute path). */
function safeRelative(name: string): string {
  const relative = name.slice(CLUSTER_PREFIX.length);
  const normal = path.posix.normalize(relative);
  if (relative === '' || normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal) || normal !== relative) throw new BadBackupError(`an archive entry outside the cluster: ${name}`);
  return normal;
}

interface Unpacked {
  header: BackupHeader | undefined;
  headerSha256: string | undefined;
  manifest: BackupManifest | undefined;
  password: Buffer | undefined;
  seen: Map<string, { size: number; sha256: string }>;
}

async function unpack(file: string, staging: string, runAs: RunAs | undefined, checkHeader: (header: BackupHeader) => void): Promise<Unpacked> {
  const state: Unpacked = { header: undefined, headerSha256: undefined, manifest: undefined, password: undefined, seen: new Map() };
  const gunzip = createGunzip();
  const reading = pipeline(fs.createReadStream(file), gunzip).catch((error: Error) => {
    throw new BadBackupError(`the file is damaged or not a Dauys backup (${error.message})`);
  });
  let current: { name: string; fd?: number; hash: ReturnType<typeof createHash>; size: number; buffer?: Buffer[] } | undefined;
  let first = true;
  try {
    for await (const event of readTar(gunzip)) {
      if (event.kind === 'entry') {
        const { entry } = event;
        if (first && entry.name !== HEADER_ENTRY) throw new BadBackupError('not a Dauys backup (it does not begin with dauys-backup.json)');
        first = false;
        if (state.manifest) throw new BadBackupError('an entry after the manifest');
        if (entry.type === 'directory') {
          if (entry.name + '/' === CLUSTER_PREFIX) continue;
          if (!entry.name.startsWith(CLUSTER_PREFIX)) throw new BadBackupError(`an unexpected entry: ${entry.name}`);
          const dir = path.join(staging, safeRelative(entry.name));
          fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
          if (runAs) fs.chownSync(dir, runAs.uid, runAs.gid);
          continue;
        }
        current = { name: entry.name, hash: createHash('sha256'), size: 0 };
        if (entry.name.startsWith(CLUSTER_PREFIX)) {
          const target = path.join(staging, safeRelative(entry.name));
          fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
          current.fd = fs.openSync(target, 'wx', 0o600);
          if (runAs) fs.fchownSync(current.fd, runAs.uid, runAs.gid);
        } else if (entry.name === HEADER_ENTRY || entry.name === MANIFEST_ENTRY || entry.name === PASSWORD_ENTRY) {
          current.buffer = [];
        } else throw new BadBackupError(`an unexpected entry: ${entry.name}`);
      } else if (event.kind === 'data') {
        if (!current) continue;
        current.hash.update(event.chunk);
        current.size += event.chunk.length;
        if (current.fd !== undefined) fs.writeSync(current.fd, event.chunk);
        else current.buffer?.push(Buffer.from(event.chunk));
      } else if (current) {
        const done = current;
        current = undefined;
        if (done.fd !== undefined) {
          fs.fsyncSync(done.fd);
          fs.closeSync(done.fd);
        }
        const sha256 = done.hash.digest('hex');
        const content = done.buffer ? Buffer.concat(done.buffer) : undefined;
        if (done.name === MANIFEST_ENTRY) {
          state.manifest = parseJson<BackupManifest>(content!, 'manifest');
          continue;
        }
        if (done.name === HEADER_ENTRY) {
          state.header = parseJson<BackupHeader>(content!, 'header');
          state.headerSha256 = sha256;
          checkHeader(state.header);
        }
        if (done.name === PASSWORD_ENTRY) state.password = content;
        if (state.seen.has(done.name)) throw new BadBackupError(`an entry twice: ${done.name}`);
        state.seen.set(done.name, { size: done.size, sha256 });
      }
    }
    await reading;
  } catch (error) {
    if (current?.fd !== undefined) fs.closeSync(current.fd);
    gunzip.destroy();
    await reading.catch(() => undefined);
    if (error instanceof TarFormatError) throw new BadBackupError(`the file is damaged (${error.message})`);
    if (error instanceof BadBackupError) throw error;
    throw new BadBackupError(`the file is damaged or not a Dauys backup (${(error as Error).message})`);
  }
  return state;
}

function parseJson<T>(content: Buffer, what: string): T {
  try {
    return JSON.parse(content.toString('utf8')) as T;
  } catch {
    throw new BadBackupError(`the backup's ${what} is damaged`);
  }
}

function verify(state: Unpacked): BackupManifest {
  const { manifest } = state;
  if (!manifest) throw new BadBackupError('the backup is incomplete (no manifest at its end)');
  if (manifest.format !== BACKUP_FORMAT || manifest.headerSha256 !== state.headerSha256) throw new BadBackupError('the manifest does not match the backup header');
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const [name, got] of state.seen) {
    const want = listed.get(name);
    if (!want) throw new BadBackupError(`${name} is not in the manifest`);
    if (want.size !== got.size || want.sha256 !== got.sha256) throw new BadBackupError(`${name} does not match its SHA-256 in the manifest`);
  }
  for (const name of listed.keys()) if (!state.seen.has(name)) throw new BadBackupError(`${name} is missing`);
  if (!state.seen.has(`${CLUSTER_PREFIX}backup_label`) || !state.seen.has(`${CLUSTER_PREFIX}PG_VERSION`)) throw new BadBackupError('the backup holds no cluster');
  for (const segment of manifest.wal) if (!state.seen.has(`${CLUSTER_PREFIX}pg_wal/${segment}`)) throw new BadBackupError(`WAL segment ${segment} is missing`);
  return manifest;
}

export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  const started = Date.now();
  if (!fs.existsSync(input.file) || !fs.statSync(input.file).isFile()) return { kind: 'refused', reason: `no backup file at ${input.file}` };
  const leftovers = notEmpty(input.dataDir, ALLOWED_BEFORE_RESTORE);
  if (leftovers.length > 0) return { kind: 'refused', reason: `DATA_DIR ${input.dataDir} is not empty (${leftovers.slice(0, 5).join(', ')}${leftovers.length > 5 ? ', …' : ''}): restore only into an empty DATA_DIR` };

  const createdDataDir = !fs.existsSync(input.dataDir);
  fs.mkdirSync(input.dataDir, { recursive: true });
  const { clusterDir, binDir, runAs } = input.layout(input.dataDir);
  const created = [path.join(input.dataDir, 'pg-location.txt'), path.join(input.dataDir, 'embedded-pg-password')];
  if (notEmpty(clusterDir, new Set()).length > 0) return { kind: 'refused', reason: `the cluster folder ${clusterDir} is not empty: restore only into an empty DATA_DIR` };
  const staging = path.join(path.dirname(clusterDir), `.restore-${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(staging, { mode: 0o700 });
  if (runAs) fs.chownSync(staging, runAs.uid, runAs.gid);
  try {
    const major = binariesMajor(binDir);
    const state = await unpack(input.file, staging, runAs, (header) => {
      if (header.format !== BACKUP_FORMAT) throw new BadBackupError(`not a Dauys backup of a known format (${String(header.format)})`);
      if (input.dataKeyCheck && header.dataKeyCheck && input.dataKeyCheck !== header.dataKeyCheck) {
        throw new BadBackupError('the DATA_KEY at hand (environment or DATA_DIR/secrets.json) is not the one this backup was made with: its personal data would be unreadable');
      }
      if (major && header.postgresMajor !== major) throw new BadBackupError(`the backup is of PostgreSQL ${header.postgresMajor}, the installed embedded PostgreSQL is ${major}`);
    });
    const manifest = verify(state);
    fs.chmodSync(staging, 0o700);
    if (fs.existsSync(clusterDir)) fs.rmdirSync(clusterDir);
    fs.renameSync(staging, clusterDir);
    if (state.password) fs.writeFileSync(path.join(input.dataDir, 'embedded-pg-password'), state.password, { mode: 0o600 });
    const bytes = manifest.files.reduce((sum, f) => sum + f.size, 0);
    const keyMatches = input.dataKeyCheck && manifest.dataKeyCheck ? input.dataKeyCheck === manifest.dataKeyCheck : undefined;
    return { kind: 'restored', manifest, clusterDir, files: manifest.files.length, bytes, ms: Date.now() - started, keyMatches };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    for (const file of created) fs.rmSync(file, { force: true });
    const outside = path.dirname(clusterDir);
    if (outside !== input.dataDir && !fs.existsSync(clusterDir) && notEmpty(outside, new Set()).length === 0) fs.rmSync(outside, { recursive: true, force: true });
    if (createdDataDir && notEmpty(input.dataDir, new Set()).length === 0) fs.rmSync(input.dataDir, { recursive: true, force: true });
    if (error instanceof BadBackupError) return { kind: 'refused', reason: error.message };
    throw error;
  }
}
