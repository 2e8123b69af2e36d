// A minimal POSIX ustar writer, streamed: regular files only, short ASCII names, sizes below 8 GiB. Enough
// for a bundle of already-encrypted files that `tar -xf` (GNU, BSD) and any archive tool can open.
import { Readable } from 'node:stream';

export interface TarEntry {
  /** At most 100 ASCII characters. */
  readonly name: string;
  readonly size: number;
  readonly mtime: Date;
  /** The entry's bytes (exactly `size` of them). */
  open(): Readable;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

export function tarHeader(entry: Pick<TarEntry, 'name' | 'size' | 'mtime'>): Buffer {
  if (!/^[\x21-\x7e]{1,100}$/.test(entry.name)) throw new Error(`tar: unsupported name ${JSON.stringify(entry.name)}`);
  if (!Number.isSafeInteger(entry.size) || entry.size < 0 || entry.size >= 8 ** 11) throw new Error('tar: unsupported size');
  const header = Buffer.alloc(BLOCK, 0);
  header.write(entry.name, 0, 'ascii');
  header.write(octal(0o600, 8), 100, 'ascii'); // mode
  header.write(octal(0, 8), 108, 'ascii'); // uid
  header.write(octal(0, 8), 116, 'ascii'); // gid
  header.write(octal(entry.size, 12), 124, 'ascii');
  header.write(octal(Math.floor(entry.mtime.getTime() / 1000), 12), 136, 'ascii');
  header.write(' '.repeat(8), 148, 'ascii'); // checksum placeholder
  header.write('0', 156, 'ascii'); // regular file
  header.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** The archive as a stream: each entry's header, its bytes, padding to 512, then two empty blocks. */
export function tarStream(entries: readonly TarEntry[]): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    for (const entry of entries) {
      yield tarHeader(entry);
      let written = 0;
      for await (const chunk of entry.open()) {
        written += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (written !== entry.size) throw new Error(`tar: ${entry.name} has ${written} bytes, not ${entry.size}`);
      const pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
      if (pad > 0) yield Buffer.alloc(pad, 0);
    }
    yield Buffer.alloc(BLOCK * 2, 0);
  }
  return Readable.from(generate(), { objectMode: false });
}
