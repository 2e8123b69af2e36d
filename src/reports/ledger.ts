// The ledger of a hearing report and its integrity digest: a canonical, personal-data-free list of the
// counted signatures, and SHA-256 over it. Anyone holding report.json?include=ledger can recompute the
// digest; the same signatures always give the same digest. Format "dauys-ledger-v1" (README.md):
//   - one line per counted signature: `<id>,<country>,<day>\n`, 47 ASCII bytes:
//       id       32 lowercase hex digits: the signature's opaque id (below);
//       country  the ISO 3166-1 alpha-2 code the signer gave, upper case;
//       day      the UTC day of its confirmation, YYYY-MM-DD;
//   - the lines sorted in ascending byte order (ids are unique, so the id decides);
//   - digest = lowercase hex SHA-256 of the lines concatenated (each ends with its "\n"; nothing else;
//     no signatures: SHA-256 of nothing, e3b0c442…b855).
// The opaque id is AES-256 applied to one 16-byte block, (petition id, signature id) as two unsigned
// 64-bit big-endian integers, under a key derived from the lookup key: a keyed permutation, so two
// signatures never share an id, a signature keeps its id from one report to the next, and without the
// key nobody can tell which database row an id stands for. (An HMAC per row measured 4–5 s per million
// on two cores; one AES call over all the blocks takes milliseconds.)
import { createCipheriv, createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { hmac } from '../lib/crypto.ts';

export const LEDGER_FORMAT = 'dauys-ledger-v1';
const ID_BYTES = 16;
/** Lines per hash update (and per chunk written out). */
const CHUNK_LINES = 4096;
/** The longest the work may hold the event loop before it lets requests in (a million ids take ~1.5 s). */
const SLICE_MS = 20;

/** Awaits the next turn of the event loop when the current slice of work has run SLICE_MS. */
function slicer(): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < SLICE_MS) return undefined;
    return nextTurn().then(() => void (since = performance.now()));
  };
}

/** The AES-256 key of the opaque ids, derived from the lookup key (and used for nothing else). */
export const ledgerKey = (lookupKey: Buffer): Buffer => hmac(lookupKey, 'dauys:ledger-id:v1');

/** Counted signatures of one (country, day): their ids packed as 8-byte big-endian integers. */
export interface LedgerGroup {
  readonly country: string;
  readonly day: string;
  readonly ids: Buffer;
}

export interface LedgerEntry {
  readonly id: string;
  readonly country: string;
  readonly day: string;
}

export interface Ledger {
  readonly size: number;
  /** Lowercase hex SHA-256 of the canonical lines. */
  readonly digest: string;
  /** The entries in canonical order. */
  entries(): Generator<LedgerEntry>;
  /** The canonical lines, CHUNK_LINES at a time, each chunk one string. */
  lineChunks(): Generator<string>;
}

export const ledgerLine = (entry: LedgerEntry): string => `${entry.id},${entry.country},${entry.day}\n`;

/** The opaque ids, in input order: one AES-256-ECB call over all the blocks (each block is one id). */
async function opaqueIds(key: Buffer, petitionId: number, groups: readonly LedgerGroup[], size: number, pause: () => Promise<void> | undefined): Promise<Buffer> {
  const blocks = Buffer.alloc(size * ID_BYTES);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64BE(BigInt(petitionId));
  let at = 0;
  for (const group of groups) {
    for (let offset = 0; offset < group.ids.length; offset += 8) {
      prefix.copy(blocks, at);
      group.ids.copy(blocks, at + 8, offset, offset + 8);
      at += ID_BYTES;
      if ((at & 0xfffff) === 0) await pause();
    }
  }
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(blocks), cipher.final()]);
}

/**
 * The entries' order by id: a counting sort on the first two bytes (the ids are uniformly spread), then
 * an insertion sort inside each of the 65,536 buckets (about size/65,536 ids each).
 */
async function canonicalOrder(ids: Buffer, size: number, pause: () => Promise<void> | undefined): Promise<Uint32Array> {
  const starts = new Uint32Array(65_537);
  for (let i = 0; i < size; i += 1) starts[ids.readUInt16BE(i * ID_BYTES) + 1]! += 1;
  for (let b = 1; b < starts.length; b += 1) starts[b]! += starts[b - 1]!;
  const next = starts.slice(0, 65_536);
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i += 1) order[next[ids.readUInt16BE(i * ID_BYTES)]!++] = i;
  const less = (a: number, b: number) => ids.compare(ids, b * ID_BYTES, b * ID_BYTES + ID_BYTES, a * ID_BYTES, a * ID_BYTES + ID_BYTES) < 0;
  for (let b = 0; b < 65_536; b += 1) {
    if ((b & 0xff) === 0) await pause();
    for (let i = starts[b]! + 1; i < starts[b + 1]!; i += 1) {
      const item = order[i]!;
      let j = i - 1;
      while (j >= starts[b]! && less(item, order[j]!)) {
        order[j + 1] = order[j]!;
        j -= 1;
      }
      order[j + 1] = item;
    }
  }
  return order;
}

/** Builds the ledger and its digest, letting other work in every SLICE_MS. */
export async function buildLedger(key: Buffer, petitionId: number, groups: readonly LedgerGroup[]): Promise<Ledger> {
  for (const group of groups) {
    if (group.ids.length % 8 !== 0) throw new Error('ledger: ids must be packed 8-byte integers');
    if (!/^[A-Z]{2}$/.test(group.country) || !/^\d{4}-\d\d-\d\d$/.test(group.day)) throw new Error(`ledger: bad group ${group.country} ${group.day}`);
  }
  const size = groups.reduce((n, g) => n + g.ids.length / 8, 0);
  const pause = slicer();
  const ids = await opaqueIds(key, petitionId, groups, size, pause);
  const groupOf = new Uint32Array(size);
  let at = 0;
  groups.forEach((group, g) => {
    groupOf.fill(g, at, at + group.ids.length / 8);
    at += group.ids.length / 8;
  });
  const order = await canonicalOrder(ids, size, pause);
  const suffixes = groups.map((g) => `,${g.country},${g.day}\n`);

  function* entries(): Generator<LedgerEntry> {
    for (let k = 0; k < size; k += 1) {
      const i = order[k]!;
      const group = groups[groupOf[i]!]!;
      yield { id: ids.toString('hex', i * ID_BYTES, i * ID_BYTES + ID_BYTES), country: group.country, day: group.day };
    }
  }
  function* lineChunks(): Generator<string> {
    for (let start = 0; start < size; start += CHUNK_LINES) {
      let chunk = '';
      for (let k = start; k < Math.min(size, start + CHUNK_LINES); k += 1) {
        const i = order[k]!;
        chunk += ids.toString('hex', i * ID_BYTES, i * ID_BYTES + ID_BYTES) + suffixes[groupOf[i]!]!;
      }
      yield chunk;
    }
  }
  const hash = createHash('sha256');
  for (const chunk of lineChunks()) {
    hash.update(chunk, 'latin1');
    await pause();
  }
  return { size, digest: hash.digest('hex'), entries, lineChunks };
}
