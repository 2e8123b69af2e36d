// `npm run cli -- signatures:hash-domains`: fills the domain hash of signatures made before it was stored
// at signing (decrypting each address once, in batches), so moderation by domain finds them too.
// Idempotent: rows that have one, and erased rows (no address left), are skipped.
import type { Knex } from 'knex';
import type { CliCommand } from '../cli/command.ts';
import { decrypt } from '../lib/crypto.ts';
import { domainHashOfAddress } from '../petitions/index.ts';

const BATCH = 1000;

export const hashDomainsCommand: CliCommand = {
  name: 'signatures:hash-domains',
  usage: '',
  summary: 'store the email-domain hash of older signatures (for moderation by domain)',
  async run({ db, secrets, out }) {
    let total = 0;
    let after = '0';
    for (;;) {
      const rows = (await db('signatures').whereNull('domain_hash').whereNotNull('email_enc').where('id', '>', after).orderBy('id').limit(BATCH).select('id', 'email_enc')) as { id: string; email_enc: Buffer }[];
      if (rows.length === 0) break;
      const hashes = rows.map((r) => domainHashOfAddress(secrets.lookupKey, decrypt(secrets.encryptionKey, r.email_enc)));
      await db.raw(
        `update signatures s set domain_hash = v.hash
           from unnest(?::bigint[], ?::bytea[]) as v(id, hash)
          where s.id = v.id and s.domain_hash is null and s.email_enc is not null`,
        [rows.map((r) => r.id), hashes] as Knex.RawBinding[],
      );
      total += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    out.write(`domain hashes stored for ${total} signatures\n`);
    return 0;
  },
};
