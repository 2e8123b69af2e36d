// Encrypts a stream to the recipients' OpenPGP keys as it flows (openpgp.js Web Streams, via
// Readable.toWeb), straight into a file: the plaintext is never written anywhere, and never held whole.
// The literal data packet carries the file's name and the day (not the time) inside the ciphertext.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type * as openpgp from 'openpgp';
import { loadOpenpgp } from './openpgp.ts';
import type { RecipientKey } from './keyring.ts';

export interface LiteralInfo {
  /** Name shown by `gpg --use-embedded-filename` (the original file name, or a name we chose). */
  readonly filename: string;
  /** The day, written into the literal packet instead of the current time. */
  readonly day: Date;
}

/** Writes the ciphertext of `source` to `file`; resolves with the ciphertext's size in bytes. */
export async function encryptToFile(source: Readable, recipients: readonly RecipientKey[], literal: LiteralInfo, file: string): Promise<number> {
  if (recipients.length === 0) throw new Error('no recipient key');
  const pgp = await loadOpenpgp();
  const message = await pgp.createMessage({ binary: Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>, filename: literal.filename, date: literal.day, format: 'binary' });
  const encrypted = (await pgp.encrypt({ message, encryptionKeys: recipients.map((r) => r.key), format: 'binary' })) as unknown as WebReadableStream<Uint8Array>;
  await pipeline(Readable.fromWeb(encrypted), fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  return (await fs.promises.stat(file)).size;
}

/** Encrypts a short text (a message, a reply) to a file. */
export async function encryptTextToFile(text: string, recipients: readonly RecipientKey[], literal: LiteralInfo, file: string): Promise<number> {
  return encryptToFile(Readable.from([Buffer.from(text, 'utf8')]), recipients, literal, file);
}
