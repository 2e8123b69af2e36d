// The backup archive's pieces: the ustar writer and reader (round trip, long names, damage found), which
// cluster files are copied, and the WAL segment names between two.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCopied, walSegmentsBetween } from '../../src/operations/backup-format.ts';
import { END_OF_ARCHIVE, padding, readTar, tarHeader, TarFormatError, type TarEntry } from '../../src/operations/tar.ts';

function archive(files: { name: string; content?: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const entry: TarEntry = f.content ? { name: f.name, type: 'file', size: f.content.length, mode: 0o600, mtime: new Date(1_700_000_000_000) } : { name: f.name, type: 'directory', size: 0, mode: 0o700, mtime: new Date(1_700_000_000_000) };
    parts.push(tarHeader(entry));
    if (f.content) parts.push(f.content, padding(f.content.length));
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

async function read(bytes: Buffer, chunk = 700): Promise<{ name: string; type: string; content: Buffer }[]> {
  const out: { name: string; type: string; content: Buffer }[] = [];
  const source = (async function* () {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  })();
  let current: { name: string; type: string; parts: Buffer[] } | undefined;
  for await (const event of readTar(source)) {
    if (event.kind === 'entry') current = { name: event.entry.name, type: event.entry.type, parts: [] };
    else if (event.kind === 'data') current!.parts.push(Buffer.from(event.chunk));
    else out.push({ name: current!.name, type: current!.type, content: Buffer.concat(current!.parts) });
  }
  return out;
}

describe('backup archive format', () => {
  const long = `pg/${'d'.repeat(70)}/${'e'.repeat(70)}/16384_fsm`;
  const files = [{ name: 'pg' }, { name: 'pg/PG_VERSION', content: Buffer.from('18\n') }, { name: long, content: Buffer.alloc(8192 + 3, 7) }, { name: 'manifest.json', content: Buffer.from('{}') }];

  it('reads back what it wrote, whatever the chunking, names over 100 bytes included', async () => {
    for (const chunk of [1, 511, 512, 700, 1 << 20]) {
      const got = await read(archive(files), chunk);
      assert.deepEqual(got.map((g) => g.name), ['pg', 'pg/PG_VERSION', long, 'manifest.json']);
      assert.deepEqual(got[2]!.content, files[2]!.content);
      assert.equal(got[0]!.type, 'directory');
    }
  });
  it('finds a damaged header and an archive cut short', async () => {
    const bytes = archive(files);
    const damaged = Buffer.from(bytes);
    damaged[512 + 5] = damaged[512 + 5]! ^ 1; // inside the second header's name
    await assert.rejects(read(damaged), TarFormatError);
    await assert.rejects(read(bytes.subarray(0, 3000)), TarFormatError);
  });
  it('copies the cluster but not what PostgreSQL rebuilds at start', () => {
    for (const [rel, dir] of [['base/1/112', false], ['global/pg_control', false], ['pg_xact/0000', false], ['PG_VERSION', false], ['postgresql.conf', false], ['pg_wal', true], ['pg_wal/archive_status', true], ['pg_replslot', true], ['pg_stat', true]] as const) assert.ok(isCopied(rel, dir), rel);
    for (const [rel, dir] of [['postmaster.pid', false], ['postmaster.opts', false], ['server.log', false], ['backup_label', false], ['pg_wal/000000010000000000000002', false], ['pg_replslot/dauys_backup', true], ['pg_stat_tmp/global.stat', false], ['base/pgsql_tmp', true], ['base/16384/pg_internal.init', false], ['pg_subtrans/0000', false]] as const) assert.ok(!isCopied(rel, dir), rel);
  });
  it('names the WAL segments from start to stop, across a log boundary', () => {
    assert.deepEqual(walSegmentsBetween('000000010000000000000002', '000000010000000000000002', 16 << 20), ['000000010000000000000002']);
    assert.deepEqual(walSegmentsBetween('0000000100000000000000FE', '000000010000000100000001', 16 << 20), ['0000000100000000000000FE', '0000000100000000000000FF', '000000010000000100000000', '000000010000000100000001']);
    assert.throws(() => walSegmentsBetween('000000010000000000000002', '000000020000000000000003', 16 << 20), /timeline/);
  });
});
