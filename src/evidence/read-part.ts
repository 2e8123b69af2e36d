// Reads a stored part back: as a stream (the organisers' bundle) or, for the short replies, decrypted with
// the source's key (the status page).
import fs from 'node:fs';
import type * as openpgp from 'openpgp';
import { loadOpenpgp } from './openpgp.ts';
import type { PartStore } from './part-store.ts';

/** A reply's text, decrypted with the source's private key. */
export async function decryptReply(store: PartStore, storedName: string, key: openpgp.PrivateKey): Promise<string> {
  const binaryMessage = await fs.promises.readFile(store.finalPath(storedName));
  const pgp = await loadOpenpgp();
  const message = await pgp.readMessage({ binaryMessage });
  const { data } = await pgp.decrypt({ message, decryptionKeys: key, format: 'binary' });
  return Buffer.from(data as Uint8Array).toString('utf8');
}
