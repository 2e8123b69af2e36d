// The bundle an organiser downloads: one tar archive of a report's encrypted parts, in order, named
// "<seq>-<kind>.gpg" under a folder named after the report. Nothing is decrypted on the server; the
// organiser runs GnuPG on their own computer (README.md, "Evidence: decrypting a bundle").
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { tarStream, type TarEntry } from '../lib/tar.ts';
import type { PartStore } from './part-store.ts';
import type { PartRow } from './reports.repo.ts';

export function bundleFolder(reportId: string): string {
  return `report-${reportId.slice(0, 8)}`;
}

export function bundleEntryName(reportId: string, part: Pick<PartRow, 'seq' | 'kind'>): string {
  return `${bundleFolder(reportId)}/${String(part.seq).padStart(3, '0')}-${part.kind}.gpg`;
}

/** The archive's length in bytes: a 512-byte header and the padded bytes of each part, then two empty blocks. */
export function bundleSize(parts: readonly Pick<PartRow, 'size'>[]): number {
  return parts.reduce((sum, p) => sum + 512 + Math.ceil(Number(p.size) / 512) * 512, 0) + 1024;
}

export function bundleStream(store: PartStore, reportId: string, parts: readonly PartRow[]): Readable {
  const entries: TarEntry[] = parts.map((part) => ({
    name: bundleEntryName(reportId, part),
    size: Number(part.size),
    mtime: new Date(`${part.received_on}T00:00:00Z`),
    open: () => fs.createReadStream(store.finalPath(part.stored_name)),
  }));
  return tarStream(entries);
}
