// Use-case: an online, consistent backup of the embedded cluster while the app runs and people sign.
// PostgreSQL's low-level API, as pg_basebackup does it (the embedded package ships no pg_basebackup, and
// an older distribution's tools refuse a PostgreSQL 18 server):
//   1. a temporary physical replication slot, reserving WAL from now on, so no checkpoint may recycle a
//      segment the backup needs before it is copied (it is dropped when our session ends);
//   2. pg_backup_start(fast): a checkpoint; from here every change is also in WAL, with full pages;
//   3. the cluster's files are copied as they are (pages may be torn or stale: WAL replay mends them);
//   4. pg_backup_stop(): the backup_label (which checkpoint replay starts from) and the stop LSN; it
//      switches to a new WAL segment, so the stop segment is complete;
//   5. the WAL segments from the start to the stop are copied; each one must be there (the slot kept it).
// Restored, the cluster replays that WAL to the stop point: it then holds exactly the transactions
// committed before it, each with all its rows (a signature with its job and its counter), as after a crash.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { BACKUP_FORMAT, CLUSTER_PREFIX, HEADER_ENTRY, MANIFEST_ENTRY, PASSWORD_ENTRY, isCopied, walSegmentsBetween, type BackupHeader, type BackupManifest, type ManifestFile } from './backup-format.ts';
import { END_OF_ARCHIVE, padding, tarHeader, writeTo } from './tar.ts';

export interface BackupInput {
  /** A superuser connection to the embedded cluster (the app's own database). */
  readonly databaseUrl: string;
  /** DATA_DIR (for the cluster's password file). */
  readonly dataDir: string;
  readonly appVersion: string;
  readonly dataKeyCheck: string | null;
  /** The backup file to write (written as FILE.partial, renamed when complete). */
  readonly out: string;
  readonly now?: () => Date;
  /** Called between copying the data files and pg_backup_stop (tests use it to force WAL recycling). */
  readonly duringCopy?: () => Promise<void>;
}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly files: number;
  readonly dataBytes: number;
  readonly walSegments: number;
  readonly ms: number;
  readonly manifest: BackupManifest;
}

const READ_CHUNK = 1 << 20;

class ArchiveWriter {
  readonly files: ManifestFile[] = [];
  dataBytes = 0;
  constructor(private readonly out: Writable) {}

  async directory(name: string, mode: number, mtime: Date): Promise<void> {
    await writeTo(this.out, tarHeader({ name, type: 'directory', size: 0, mode, mtime }));
  }

  async buffer(name: string, content: Buffer, mode = 0o600, mtime = new Date()): Promise<void> {
    await writeTo(this.out, tarHeader({ name, type: 'file', size: content.length, mode, mtime }));
    await writeTo(this.out, content);
    await writeTo(this.out, padding(content.length));
    this.record(name, content.length, createHash('sha256').update(content).digest('hex'));
  }

  /** Copies a file as it is now, up to the size it had when opened (growth after that is in WAL; a file cut shorter is padded with zeros, as pg_basebackup does). */
  async file(name: string, source: string): Promise<boolean> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(source, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // dropped meanwhile: WAL says so
      throw error;
    }
    try {
      const stat = await handle.stat();
      await writeTo(this.out, tarHeader({ name, type: 'file', size: stat.size, mode: stat.mode, mtime: stat.mtime }));
      const hash = createHash('sha256');
      let done = 0;
      while (done < stat.size) {
        const want = Math.min(READ_CHUNK, stat.size - done);
        const chunk = Buffer.alloc(want);
        const { bytesRead } = await handle.read(chunk, 0, want, done);
        const part = bytesRead === 0 ? Buffer.alloc(want) : chunk.subarray(0, bytesRead);
        hash.update(part);
        await writeTo(this.out, part);
        done += part.length;
      }
      await writeTo(this.out, padding(stat.size));
      this.record(name, stat.size, hash.digest('hex'));
      return true;
    } finally {
      await handle.close();
    }
  }

  private record(pathName: string, size: number, sha256: string): void {
    this.files.push({ path: pathName, size, sha256 });
    this.dataBytes += size;
  }
}

/** Every file and folder of the cluster a backup copies, parents first. */
async function* walk(root: string, relative = ''): AsyncGenerator<{ relative: string; full: string; directory: boolean }> {
  const entries = await fs.promises.readdir(path.join(root, relative), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) throw new Error(`the cluster has a symbolic link (${rel}): tablespaces and a moved pg_wal are not supported by this backup`);
    const directory = entry.isDirectory();
    if (!isCopied(rel, directory)) continue;
    yield { relative: rel, full: path.join(root, rel), directory };
    if (directory) yield* walk(root, rel);
  }
}

async function one<T>(client: pg.Client, sql: string, values: unknown[] = []): Promise<T> {
  return (await client.query(sql, values)).rows[0] as T;
}

export async function takeBackup(input: BackupInput): Promise<BackupResult> {
  const started = Date.now();
  const now = input.now ?? (() => new Date());
  const client = new pg.Client({ connectionString: input.databaseUrl, application_name: 'dauys-backup' });
  await client.connect();
  const partial = `${input.out}.partial-${randomBytes(4).toString('hex')}`;
  try {
    const server = await one<{ dir: string; version: string; superuser: string; segment: string }>(client, "select current_setting('data_directory') as dir, current_setting('server_version') as version, current_setting('is_superuser') as superuser, current_setting('wal_segment_size') as segment");
    if (server.superuser !== 'on') throw new Error('backup needs a superuser connection to the embedded PostgreSQL');
    const segmentBytes = parseSize(server.segment);
    const clusterDir = server.dir;
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) throw new Error(`cannot read the cluster's files in ${clusterDir} (run the backup on the machine and as the user that runs Dauys, or root)`);
    const migration = await one<{ name: string } | undefined>(client, "select name from knex_migrations order by id desc limit 1").catch(() => undefined);

    await client.query('select pg_create_physical_replication_slot($1, true, true)', [`dauys_backup_${process.pid}_${randomBytes(3).toString('hex')}`]);
    const start = await one<{ lsn: string; wal: string }>(client, 'select lsn::text, pg_walfile_name(lsn) as wal from pg_backup_start($1, true) as lsn', [`dauys ${now().toISOString()}`]);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      startedAt: now().toISOString(),
      postgresVersion: server.version,
      postgresMajor: fs.readFileSync(path.join(clusterDir, 'PG_VERSION'), 'utf8').trim(),
      appVersion: input.appVersion,
      migration: migration?.name ?? null,
      startLsn: start.lsn,
      dataKeyCheck: input.dataKeyCheck,
    };

    const output = fs.createWriteStream(partial, { mode: 0o600 });
    const outputDone = new Promise<void>((resolve, reject) => {
      output.once('close', resolve);
      output.once('error', reject);
    });
    const archiveHash = createHash('sha256');
    let archiveBytes = 0;
    const gzip = createGzip({ level: 6 });
    gzip.on('data', (chunk: Buffer) => {
      archiveHash.update(chunk);
      archiveBytes += chunk.length;
    });
    gzip.pipe(output);
    const gzipFailed = new Promise<never>((_, reject) => gzip.once('error', reject));
    const archive = new ArchiveWriter(gzip);

    const body = async (): Promise<BackupManifest> => {
      const headerJson = Buffer.from(`${JSON.stringify(header, null, 2)}\n`);
      await archive.buffer(HEADER_ENTRY, headerJson, 0o644);
      const clusterMode = (await fs.promises.stat(clusterDir)).mode;
      await archive.directory(CLUSTER_PREFIX.slice(0, -1), clusterMode, new Date());
      for await (const item of walk(clusterDir)) {
        const name = `${CLUSTER_PREFIX}${item.relative}`;
        if (item.directory) {
          const stat = await fs.promises.stat(item.full).catch(() => undefined);
          if (stat) await archive.directory(name, stat.mode, stat.mtime);
        } else await archive.file(name, item.full);
      }
      await input.duringCopy?.();

      const stop = await one<{ lsn: string; wal: string; labelfile: string; spcmapfile: string | null }>(client, 'select lsn::text, pg_walfile_name(lsn) as wal, labelfile, spcmapfile from pg_backup_stop(false)');
      await archive.buffer(`${CLUSTER_PREFIX}backup_label`, Buffer.from(stop.labelfile));
      if (stop.spcmapfile) await archive.buffer(`${CLUSTER_PREFIX}tablespace_map`, Buffer.from(stop.spcmapfile));
      const wal = walSegmentsBetween(start.wal, stop.wal, segmentBytes);
      const walDir = path.join(clusterDir, 'pg_wal');
      for (const history of (await fs.promises.readdir(walDir)).filter((n) => /^[0-9A-F]{8}\.history$/.test(n)).sort()) {
        await archive.file(`${CLUSTER_PREFIX}pg_wal/${history}`, path.join(walDir, history));
      }
      for (const segment of wal) {
        if (!(await archive.file(`${CLUSTER_PREFIX}pg_wal/${segment}`, path.join(walDir, segment)))) {
          throw new Error(`WAL segment ${segment} was gone before it could be copied: the backup is not usable`);
        }
      }
      const password = path.join(input.dataDir, 'embedded-pg-password');
      if (fs.existsSync(password)) await archive.buffer(PASSWORD_ENTRY, fs.readFileSync(password));

      const manifest: BackupManifest = {
        ...header,
        finishedAt: now().toISOString(),
        stopLsn: stop.lsn,
        wal,
        headerSha256: createHash('sha256').update(headerJson).digest('hex'),
        files: archive.files,
      };
      await archive.buffer(MANIFEST_ENTRY, Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`), 0o644);
      await writeTo(gzip, END_OF_ARCHIVE);
      gzip.end();
      return manifest;
    };
    let manifest: BackupManifest;
    try {
      manifest = await Promise.race([body(), gzipFailed]);
      await Promise.race([outputDone, gzipFailed]);
    } catch (error) {
      gzip.destroy();
      output.destroy();
      throw error;
    }
    const handle = await fs.promises.open(partial, 'r+');
    await handle.sync();
    await handle.close();
    await fs.promises.rename(partial, input.out);
    return { file: input.out, bytes: archiveBytes, sha256: archiveHash.digest('hex'), files: manifest.files.length, dataBytes: archive.dataBytes, walSegments: manifest.wal.length, ms: Date.now() - started, manifest };
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined); // ends a backup left running and drops the temporary slot
  }
}

/** A size setting as PostgreSQL shows it ("16MB"). */
function parseSize(text: string): number {
  const match = /^(\d+)\s*(B|kB|MB|GB)?$/.exec(text.trim());
  if (!match) throw new Error(`unexpected wal_segment_size: ${text}`);
  const unit = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(match[2] ?? 'B') as 'B'];
  return Number(match[1]) * unit;
}
