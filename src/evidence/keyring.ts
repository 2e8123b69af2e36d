// The keys evidence is encrypted to right now: every organiser key that is not retired, not expired and
// still has a valid encryption subkey. Parsed keys are kept in memory by fingerprint (parsing costs ~1 ms).
import type * as openpgp from 'openpgp';
import { loadOpenpgp } from './openpgp.ts';
import type { Queryable } from '../db/knex.ts';
import { usableKeyRows } from './keys.repo.ts';

export interface RecipientKey {
  readonly fingerprint: string;
  readonly key: openpgp.Key;
}

const parsed = new Map<string, Promise<openpgp.Key>>();

function parse(fingerprint: string, armored: string): Promise<openpgp.Key> {
  let key = parsed.get(fingerprint);
  if (!key) {
    key = loadOpenpgp().then((pgp) => pgp.readKey({ armoredKey: armored }));
    parsed.set(fingerprint, key);
    key.catch(() => parsed.delete(fingerprint));
  }
  return key;
}

export async function activeRecipients(db: Queryable, now: Date): Promise<RecipientKey[]> {
  const rows = await usableKeyRows(db, now);
  const recipients: RecipientKey[] = [];
  for (const row of rows) {
    try {
      const key = await parse(row.fingerprint, row.armored);
      await key.getEncryptionKey(undefined, now); // throws once its encryption subkey has expired or been revoked
      recipients.push({ fingerprint: row.fingerprint, key });
    } catch {
      // not usable at `now`: left out
    }
  }
  return recipients;
}
