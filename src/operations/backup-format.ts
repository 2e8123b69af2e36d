// What a Dauys backup file holds (a gzip-compressed ustar archive, see tar.ts), in this order:
//   dauys-backup.json           what it is: format, start time, PostgreSQL and app versions, migration level
//   pg/…                        the embedded cluster's files, copied between pg_backup_start and pg_backup_stop
//   pg/backup_label             from pg_backup_stop: where WAL replay must begin (tablespace_map if any)
//   pg/pg_wal/…                 the WAL segments from the backup's start to its stop
//   data/embedded-pg-password   the cluster's superuser password (the restored cluster keeps its roles)
//   manifest.json               the header again with the stop time and LSNs, and every entry's size and SHA-256
// Secrets (DATA_KEY, SESSION_SECRET, DATA_DIR/secrets.json) are never in it: they are kept apart.

import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const BACKUP_FORMAT = 'dauys-backup/1';
export const HEADER_ENTRY = 'dauys-backup.json';
export const MANIFEST_ENTRY = 'manifest.json';
export const CLUSTER_PREFIX = 'pg/';
export const PASSWORD_ENTRY = 'data/embedded-pg-password';

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly startedAt: string;
  /** server_version, e.g. "18.4". */
  readonly postgresVersion: string;
  /** The cluster's PG_VERSION (the major version its files belong to). */
  readonly postgresMajor: string;
  readonly appVersion: string;
  /** The newest applied migration (knex_migrations), e.g. "20261125120000_add_petitions_closed_at.ts". */
  readonly migration: string | null;
  readonly startLsn: string;
  /** See dataKeyCheck: null when no DATA_KEY was found. */
  readonly dataKeyCheck: string | null;
}

export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface BackupManifest extends BackupHeader {
  readonly finishedAt: string;
  readonly stopLsn: string;
  /** WAL segments included, first to last. */
  readonly wal: readonly string[];
  readonly headerSha256: string;
  readonly files: readonly ManifestFile[];
}

/** Files and folders of a running cluster that a backup leaves out (PostgreSQL's own list, "Backing up the data directory"). */
const EXCLUDED_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'backup_label.old', 'tablespace_map', 'tablespace_map.old', 'current_logfiles', 'server.log', 'recovery.signal', 'standby.signal']);
/** Folders kept empty: their content is rebuilt at start (pg_wal gets the backup's own segments). */
const EMPTIED_DIRS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);

/** Whether a path relative to the cluster (with '/') is copied. Folders are always kept (empty if need be). */
export function isCopied(relative: string, isDirectory: boolean): boolean {
  const parts = relative.split('/');
  const name = parts.at(-1)!;
  if (name.startsWith('pgsql_tmp') || name === 'pg_internal.init') return false;
  if (isDirectory) return parts.length === 1 || !EMPTIED_DIRS.has(parts[0]!) || (parts[0] === 'pg_wal' && parts.length === 2);
  if (parts.length === 1) return !EXCLUDED_FILES.has(name);
  return !EMPTIED_DIRS.has(parts[0]!);
}

/** WAL segment file names from `first` to `last` (same timeline), for segments of `segmentBytes`. */
export function walSegmentsBetween(first: string, last: string, segmentBytes: number): string[] {
  const perLogId = 0x1_0000_0000 / segmentBytes;
  const number = (name: string) => BigInt(parseInt(name.slice(8, 16), 16)) * BigInt(perLogId) + BigInt(parseInt(name.slice(16, 24), 16));
  const timeline = first.slice(0, 8);
  if (last.slice(0, 8) !== timeline) throw new Error(`the timeline changed during the backup (${first} → ${last})`);
  const names: string[] = [];
  for (let n = number(first); n <= number(last); n += 1n) {
    const log = n / BigInt(perLogId);
    const seg = n % BigInt(perLogId);
    names.push(`${timeline}${log.toString(16).toUpperCase().padStart(8, '0')}${seg.toString(16).toUpperCase().padStart(8, '0')}`);
  }
  return names;
}

/**
 * A fingerprint of the DATA_KEY in use (the environment's, else DATA_DIR/secrets.json's), read without
 * generating one: recorded in the backup, so a restore can say whether the key at hand is the one its
 * personal data need. An HMAC under the key: it tells nothing about the key itself.
 */
export function dataKeyCheck(dataKey: string | undefined, dataDir: string): string | null {
  let key = dataKey;
  if (!key) {
    try {
      key = (JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { dataKey?: string }).dataKey;
    } catch {
      return null;
    }
  }
  return key ? createHmac('sha256', Buffer.from(key, 'base64')).update('dauys backup key check').digest('hex').slice(0, 16) : null;
}
