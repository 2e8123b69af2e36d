// The erasure hook of my-data itself (erasure/registry.ts): a request still waiting for its email (the
// address, encrypted), the links emailed (their tokens' hashes) and the per-address mail limit. Nothing a
// person could read, so no describe(); erasing deletes all three, so the link used to erase dies with it.
import type { Queryable, Tx } from '../db/knex.ts';
import type { ErasureHook } from '../erasure/index.ts';
import { MAIL_LIMIT_NAME } from './my-data-deps.ts';

const mailLimitKey = (emailHash: Buffer) => `${MAIL_LIMIT_NAME}:${emailHash.toString('base64url')}`;

export const myDataErasure: ErasureHook = {
  kind: 'my-data',
  labelKey: 'my-data.erasure.label',
  async count(db: Queryable, emailHash: Buffer) {
    const { rows } = (await db.raw('select (select count(*) from my_data_requests where email_hash = ?)::int + (select count(*) from my_data_tokens where email_hash = ?)::int as n', [emailHash, emailHash])) as { rows: { n: number }[] };
    return rows[0]!.n;
  },
  async erase(trx: Tx, emailHash: Buffer) {
    const requests = await trx('my_data_requests').where({ email_hash: emailHash }).delete();
    const tokens = await trx('my_data_tokens').where({ email_hash: emailHash }).delete();
    await trx('rate_limits').where({ key: mailLimitKey(emailHash) }).delete();
    return requests + tokens;
  },
};
