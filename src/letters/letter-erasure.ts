// The erasure hook of the letters (erasure/registry.ts). What is keyed by the sender's address: their
// requests (letter_requests: name and address encrypted, consent, follow-up wish), each letter
// (letters.email_hash, the one-letter rule's key; its text until delivered) and the per-address mail
// limit (rate_limits "letters-mail:"). Erasing nulls the name, the address and the hash everywhere,
// deletes the request's emailed links, and cancels the letters not yet delivered (their texts and
// fingerprints go; no letter can go out without its sender). Delivered letters keep their row, and the
// MEPs' counts (mep_letter_counts) are never lowered: a letter that was sent was sent.
import type { Queryable, Tx } from '../db/knex.ts';
import type { ErasureHook, HeldRecord } from '../erasure/index.ts';
import { decrypt } from '../lib/crypto.ts';
import { dropFingerprints } from './fingerprint.repo.ts';

const UNSENT = ['pending', 'confirmed', 'queued'];
const mailLimitKey = (emailHash: Buffer) => `letters-mail:${emailHash.toString('base64url')}`;
const iso = (d: Date | null) => d?.toISOString() ?? null;

interface RequestRow {
  id: string;
  campaign: string;
  country: string;
  lang: string;
  state: string;
  followup: boolean;
  consent_version: string;
  consented_at: Date;
  created_at: Date;
  confirmed_at: Date | null;
  name_enc: Buffer | null;
  email_enc: Buffer | null;
}

interface LetterRow {
  id: string;
  request_id: string;
  mep: string;
  lang: string;
  state: string;
  subject_enc: Buffer | null;
  body_enc: Buffer | null;
  created_at: Date;
  sent_at: Date | null;
  answer: string | null;
}

const titled = (db: Queryable, langColumn: string) =>
  db.raw(`coalesce((select t.title from letter_campaign_translations t where t.campaign_id = c.id and t.lang = ${langColumn}), (select t.title from letter_campaign_translations t where t.campaign_id = c.id and t.lang = 'en'), c.slug) as campaign`);

export function letterErasure(encryptionKey: Buffer): ErasureHook {
  const open = (value: Buffer | null) => (value ? decrypt(encryptionKey, value) : null);
  return {
    kind: 'letters',
    labelKey: 'letters.erasure.label',
    async count(db: Queryable, emailHash: Buffer) {
      const { rows } = (await db.raw('select (select count(*) from letter_requests where email_hash = ?)::int + (select count(*) from letters where email_hash = ?)::int as n', [emailHash, emailHash])) as { rows: { n: number }[] };
      return rows[0]!.n;
    },
    async describe(db: Queryable, emailHash: Buffer): Promise<HeldRecord[]> {
      const requests = (await db('letter_requests as r').join('letter_campaigns as c', 'c.id', 'r.campaign_id').where('r.email_hash', emailHash).orderBy('r.id')
        .select(db.raw('r.id::text as id'), titled(db, 'r.lang'), 'r.country', 'r.lang', 'r.state', 'r.followup', 'r.consent_version', 'r.consented_at', 'r.created_at', 'r.confirmed_at', 'r.name_enc', 'r.email_enc')) as RequestRow[];
      const letters = (await db('letters as l').join('letter_campaigns as c', 'c.id', 'l.campaign_id').join('meps as m', 'm.id', 'l.mep_id').where('l.email_hash', emailHash).orderBy('l.id')
        .select(db.raw('l.id::text as id'), db.raw('l.request_id::text as request_id'), titled(db, 'l.lang'), { mep: 'm.full_name' }, 'l.lang', 'l.state', 'l.subject_enc', 'l.body_enc', 'l.created_at', 'l.sent_at', 'l.answer')) as (LetterRow & { campaign: string })[];
      return [
        ...requests.map((r): HeldRecord => ({
          kind: 'letter-request',
          fields: { campaign: r.campaign, createdAt: iso(r.created_at), confirmedAt: iso(r.confirmed_at), state: r.state, name: open(r.name_enc), email: open(r.email_enc), country: r.country, language: r.lang, followup: r.followup, consentVersion: r.consent_version, consentedAt: iso(r.consented_at) },
        })),
        ...letters.map((l): HeldRecord => ({
          kind: 'letter',
          fields: { campaign: l.campaign, mep: l.mep, createdAt: iso(l.created_at), state: l.state, sentAt: iso(l.sent_at), answer: l.answer, language: l.lang, subject: open(l.subject_enc), body: open(l.body_enc) },
        })),
      ];
    },
    async erase(trx: Tx, emailHash: Buffer, context) {
      const requests = (await trx('letter_requests').where({ email_hash: emailHash }).forUpdate().orderBy('id').select(trx.raw('id::text as id'))) as { id: string }[];
      const letters = (await trx('letters').where({ email_hash: emailHash }).forUpdate().orderBy('id').select(trx.raw('id::text as id'), 'state')) as { id: string; state: string }[];
      const unsent = letters.filter((l) => UNSENT.includes(l.state)).map((l) => l.id);
      await dropFingerprints(trx, unsent);
      await trx('letters').whereIn('id', unsent).update({ state: 'cancelled', subject_enc: null, body_enc: null });
      await trx('letters').whereIn('id', letters.map((l) => l.id)).update({ email_hash: null });
      const ids = requests.map((r) => r.id);
      await trx('letter_tokens').whereIn('request_id', ids).delete();
      await trx('letter_requests').whereIn('id', ids).where({ state: 'pending' }).update({ state: 'expired' });
      await trx('letter_requests').whereIn('id', ids).update({ email_hash: null, email_enc: null, name_enc: null, followup: false, followup_due_at: null, erased_at: trx.raw('coalesce(erased_at, ?)', [context.now]) });
      await trx('rate_limits').where({ key: mailLimitKey(emailHash) }).delete();
      return requests.length + letters.length;
    },
  };
}
