// The ustar format (POSIX.1-1988), as much of it as a backup needs: regular files and directories with
// their mode and time, names of up to 255 bytes (prefix + name). `tar -tzf backup.tar.gz` lists what
// Dauys writes, and the reader checks every header's checksum, so a damaged archive is refused early.
import type { Writable } from 'node:stream';

const BLOCK = 512;

export interface TarEntry {
  /** Path inside the archive, '/'-separated, without a leading slash (a directory's without its trailing one). */
  readonly name: string;
  readonly type: 'file' | 'directory';
  readonly size: number;
  readonly mode: number;
  readonly mtime: Date;
}

function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  for (let cut = name.indexOf('/'); cut !== -1; cut = name.indexOf('/', cut + 1)) {
    const prefix = name.slice(0, cut);
    const base = name.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return { prefix, base };
  }
  throw new Error(`a path is too long for the archive: ${name}`);
}

const octal = (value: number, width: number): string => `${value.toString(8).padStart(width - 1, '0')}\0`;

export function tarHeader(entry: TarEntry): Buffer {
  const header = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(entry.type === 'directory' ? `${entry.name}/` : entry.name);
  header.write(base, 0, 100, 'utf8');
  header.write(octal(entry.mode & 0o7777, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii'); // uid and gid: restore sets the owner itself
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(entry.type === 'file' ? entry.size : 0, 12), 124, 'ascii');
  header.write(octal(Math.floor(entry.mtime.getTime() / 1000), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  header.write(entry.type === 'file' ? '0' : '5', 156, 'ascii');
  header.write('ustar\x0000', 257, 'binary');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

export const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** The two zero blocks that end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);

/** Writes with back-pressure: resolves once the stream can take more. */
export function writeTo(stream: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(chunk)) return resolve();
    const onDrain = () => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (error: Error) => {
      stream.off('drain', onDrain);
      reject(error);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

export class TarFormatError extends Error {}

function parseOctal(block: Buffer, start: number, length: number): number {
  const text = block.toString('ascii', start, start + length).replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError('a damaged archive header (a number field is not octal)');
  return text === '' ? 0 : parseInt(text, 8);
}

function parseHeader(block: Buffer): TarEntry {
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  if (parseOctal(block, 148, 8) !== sum) throw new TarFormatError('a damaged archive header (checksum mismatch)');
  if (block.toString('binary', 257, 263) !== 'ustar\0') throw new TarFormatError('not a ustar archive');
  const cString = (start: number, length: number) => {
    const slice = block.subarray(start, start + length);
    const end = slice.indexOf(0);
    return slice.subarray(0, end === -1 ? length : end).toString('utf8');
  };
  const prefix = cString(345, 155);
  const full = (prefix ? `${prefix}/` : '') + cString(0, 100);
  const flag = String.fromCharCode(block[156]!);
  if (flag !== '0' && flag !== '\0' && flag !== '5') throw new TarFormatError(`an archive entry of an unexpected type (${JSON.stringify(flag)})`);
  const type = flag === '5' ? 'directory' : 'file';
  return { name: full.replace(/\/+$/, ''), type, size: type === 'file' ? parseOctal(block, 124, 12) : 0, mode: parseOctal(block, 100, 8), mtime: new Date(parseOctal(block, 136, 12) * 1000) };
}

export type TarEvent = { kind: 'entry'; entry: TarEntry } | { kind: 'data'; chunk: Buffer } | { kind: 'end-of-entry' };

/**
 * Reads an uncompressed tar stream: an 'entry' event, then its 'data' chunks, then 'end-of-entry', for each
 * entry in order. Throws TarFormatError on a damaged header or an archive cut short.
 */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEvent> {
  let pending: Buffer = Buffer.alloc(0);
  let remaining = 0; // bytes of the current entry's data still to come
  let skip = 0; // padding after it
  let inEntry = false;
  let ended = false;
  for await (const input of source) {
    pending = pending.length === 0 ? input : Buffer.concat([pending, input]);
    for (;;) {
      if (ended) {
        pending = Buffer.alloc(0);
        break;
      }
      if (remaining > 0) {
        if (pending.length === 0) break;
        const take = Math.min(remaining, pending.length);
        yield { kind: 'data', chunk: pending.subarray(0, take) };
        pending = pending.subarray(take);
        remaining -= take;
        continue;
      }
      if (inEntry) {
        if (pending.length < skip) break;
        pending = pending.subarray(skip);
        skip = 0;
        inEntry = false;
        yield { kind: 'end-of-entry' };
        continue;
      }
      if (pending.length < BLOCK) break;
      const block = pending.subarray(0, BLOCK);
      pending = pending.subarray(BLOCK);
      if (block.every((b) => b === 0)) {
        ended = true;
        continue;
      }
      const entry = parseHeader(block);
      yield { kind: 'entry', entry };
      remaining = entry.size;
      skip = padding(entry.size).length;
      inEntry = true;
    }
  }
  if (!ended || inEntry) throw new TarFormatError('the archive is cut short');
}
