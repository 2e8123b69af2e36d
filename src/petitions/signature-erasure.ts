// Erasure by email hash for the petitions (see erasure/registry.ts): the signatures made with the
// address, and the per-address mail limit. A pending signature is deleted (it was never counted and can
// no longer be confirmed). A confirmed one loses every personal column and its links; it stays in the
// totals, anonymised, unless the admin asks to remove it too: then it is withdrawn and, if it counted,
// taken off the sharded counters in the same transaction. Queued emails carry signature ids only and
// load the address when they are sent (send-signature-email.ts), so they find nothing to send.
// describe() shows the signer everything a signature holds, decrypted, for /{lang}/my-data.
import type { Queryable, Tx } from '../db/knex.ts';
import type { ErasureContext, ErasureHook, HeldRecord } from '../erasure/index.ts';
import { decrypt } from '../lib/crypto.ts';
import { addToCount } from './counts.repo.ts';

const PERSONAL_NULL = { email_hash: null, email_enc: null, name_enc: null, postcode_enc: null, ip_hash: null, domain_hash: null, public: false, updates: false } as const;

/** The rate-limit row of the emails-per-address limit (petition-deps.ts: "mail-address"). */
const mailLimitKey = (emailHash: Buffer) => `mail-address:${emailHash.toString('base64url')}`;

interface HeldRow {
  slug: string;
  title: string;
  consent_text: string | null;
  state: string;
  validity: string;
  country: string;
  lang: string;
  public: boolean;
  updates: boolean;
  consent_version: string;
  consented_at: Date;
  created_at: Date;
  confirmed_at: Date | null;
  email_enc: Buffer | null;
  name_enc: Buffer | null;
  postcode_enc: Buffer | null;
}

async function describeSignatures(db: Queryable, encryptionKey: Buffer, emailHash: Buffer): Promise<HeldRecord[]> {
  const rows = (await db('signatures as s')
    .join('petitions as p', 'p.id', 's.petition_id')
    .where('s.email_hash', emailHash)
    .orderBy('s.created_at')
    .select(
      'p.slug',
      db.raw(`coalesce((select t.title from petition_translations t where t.petition_id = p.id and t.lang = s.lang), (select t.title from petition_translations t where t.petition_id = p.id and t.lang = 'en'), p.slug) as title`),
      db.raw('(select t.consent from petition_translations t where t.petition_id = p.id and t.lang = s.lang and t.consent_version = s.consent_version) as consent_text'),
      's.state', 's.validity', 's.country', 's.lang', 's.public', 's.updates', 's.consent_version', 's.consented_at', 's.created_at', 's.confirmed_at', 's.email_enc', 's.name_enc', 's.postcode_enc',
    )) as HeldRow[];
  const open = (value: Buffer | null) => (value ? decrypt(encryptionKey, value) : null);
  return rows.map((r) => ({
    kind: 'signature',
    fields: {
      petition: r.title,
      petitionSlug: r.slug,
      createdAt: r.created_at.toISOString(),
      confirmedAt: r.confirmed_at?.toISOString() ?? null,
      state: r.state,
      validity: r.validity,
      name: open(r.name_enc),
      email: open(r.email_enc),
      postcode: open(r.postcode_enc),
      country: r.country,
      language: r.lang,
      shownPublicly: r.public,
      updates: r.updates,
      consentVersion: r.consent_version,
      consentText: r.consent_text,
      consentedAt: r.consented_at.toISOString(),
    },
  }));
}

/** The hook; `encryptionKey` decrypts what describe() shows. */
export const signatureErasure = (encryptionKey: Buffer): ErasureHook => ({
  kind: 'signatures',
  labelKey: 'erasure.kinds.signatures',
  async count(db: Queryable, emailHash: Buffer) {
    const row = (await db('signatures').where({ email_hash: emailHash }).first(db.raw('count(*)::int as n'))) as { n: number };
    return row.n;
  },
  describe: (db: Queryable, emailHash: Buffer) => describeSignatures(db, encryptionKey, emailHash),
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
});
