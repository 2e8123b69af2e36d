// Erasure by email hash for the petitions (see erasure/registry.ts): the signatures made with the
// address, and the per-address mail limit. A pending signature is deleted (it was never counted and can
// no longer be confirmed). A confirmed one loses every personal column and its links; it stays in the
// totals, anonymised, unless the admin asks to remove it too: then it is withdrawn and, if it counted,
// taken off the sharded counters in the same transaction. Queued emails carry signature ids only and
// load the address when they are sent (send-signature-email.ts), so they find nothing to send.
import type { Queryable, Tx } from '../db/knex.ts';
import type { ErasureContext, ErasureHook } from '../erasure/index.ts';
import { addToCount } from './counts.repo.ts';

const PERSONAL_NULL = { email_hash: null, email_enc: null, name_enc: null, postcode_enc: null, ip_hash: null, domain_hash: null, public: false, updates: false } as const;

/** The rate-limit row of the emails-per-address limit (petition-deps.ts: "mail-address"). */
const mailLimitKey = (emailHash: Buffer) => `mail-address:${emailHash.toString('base64url')}`;

export const signatureErasure: ErasureHook = {
  kind: 'signatures',
  labelKey: 'erasure.kinds.signatures',
  async count(db: Queryable, emailHash: Buffer) {
    const row = (await db('signatures').where({ email_hash: emailHash }).first(db.raw('count(*)::int as n'))) as { n: number };
    return row.n;
  },
  async erase(trx: Tx, emailHash: Buffer, context: ErasureContext) {
    const rows = (await trx('signatures').where({ email_hash: emailHash }).forUpdate().orderBy('id').select('id', 'petition_id', 'state', 'validity', 'country', 'confirmed_at')) as {
      id: string;
      petition_id: number;
      state: string;
      validity: string;
      country: string;
      confirmed_at: Date | null;
    }[];
    const ids = rows.map((r) => r.id);
    await trx('signature_tokens').whereIn('signature_id', ids).delete();
    await trx('signatures').whereIn('id', rows.filter((r) => r.state === 'pending').map((r) => r.id)).delete();
    const confirmed = rows.filter((r) => r.state === 'confirmed');
    if (context.removeFromTotals) {
      for (const r of confirmed) if (r.validity === 'valid' && r.confirmed_at) await addToCount(trx, r.petition_id, r.country, r.confirmed_at, -1);
      await trx('signatures').whereIn('id', confirmed.map((r) => r.id)).update({ ...PERSONAL_NULL, state: 'withdrawn', withdrawn_at: context.now });
    } else await trx('signatures').whereIn('id', confirmed.map((r) => r.id)).update(PERSONAL_NULL);
    await trx('rate_limits').where({ key: mailLimitKey(emailHash) }).delete();
    return rows.length;
  },
};
