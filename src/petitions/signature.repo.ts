// Signatures and their link tokens. Personal columns arrive here already encrypted.
import type { Lang } from '../i18n/languages.ts';
import type { Queryable } from '../db/knex.ts';

export type SignatureState = 'pending' | 'confirmed' | 'withdrawn';
export type TokenPurpose = 'confirm' | 'withdraw';

export interface NewSignature {
  readonly petitionId: number;
  readonly emailHash: Buffer;
  readonly emailEnc: Buffer;
  readonly nameEnc: Buffer;
  readonly postcodeEnc: Buffer | null;
  readonly country: string;
  readonly public: boolean;
  readonly updates: boolean;
  readonly lang: Lang;
  readonly consentVersion: string;
  readonly consentedAt: Date;
  readonly ipHash: Buffer | null;
  readonly flags: string[];
}

export interface SignatureRef {
  readonly id: string;
  readonly state: SignatureState;
}

/** Inserts the signature, or returns undefined when this address already signed this petition. */
export async function insertSignature(db: Queryable, s: NewSignature): Promise<string | undefined> {
  const rows = (await db('signatures')
    .insert({
      petition_id: s.petitionId,
      email_hash: s.emailHash,
      email_enc: s.emailEnc,
      name_enc: s.nameEnc,
      postcode_enc: s.postcodeEnc,
      country: s.country,
      public: s.public,
      updates: s.updates,
      lang: s.lang,
      consent_version: s.consentVersion,
      consented_at: s.consentedAt,
      ip_hash: s.ipHash,
      flags: s.flags,
      created_at: s.consentedAt,
    })
    .onConflict(['petition_id', 'email_hash'])
    .ignore()
    .returning('id')) as { id: string }[];
  return rows[0]?.id;
}

export async function findSignatureByEmailHash(db: Queryable, petitionId: number, emailHash: Buffer): Promise<SignatureRef | undefined> {
  return db('signatures').where({ petition_id: petitionId, email_hash: emailHash }).first<SignatureRef | undefined>('id', 'state');
}

export interface TokenHolder {
  readonly id: string;
  readonly state: SignatureState;
  readonly petitionId: number;
  readonly slug: string;
}

/** The signature an unexpired link token belongs to, with its petition's slug (one query). */
export async function findSignatureByToken(db: Queryable, tokenHash: Buffer, purpose: TokenPurpose, now: Date): Promise<TokenHolder | undefined> {
  return db('signature_tokens as k')
    .join('signatures as s', 's.id', 'k.signature_id')
    .join('petitions as p', 'p.id', 's.petition_id')
    .where({ 'k.token_hash': tokenHash, 'k.purpose': purpose })
    .andWhere('k.expires_at', '>', now)
    .first<TokenHolder | undefined>('s.id', 's.state', { petitionId: 's.petition_id' }, 'p.slug');
}

/** pending → confirmed; returns the row only if this call made the change (so it is counted once). */
export async function markConfirmed(db: Queryable, id: string, now: Date): Promise<{ petitionId: number; country: string } | undefined> {
  const rows = (await db('signatures').where({ id, state: 'pending' }).update({ state: 'confirmed', confirmed_at: now }, ['petition_id', 'country'])) as { petition_id: number; country: string }[];
  const row = rows[0];
  return row && { petitionId: row.petition_id, country: row.country };
}

/** Erases every personal column and the link tokens; keeps country and dates for the totals. */
export async function eraseSignature(db: Queryable, id: string, now: Date): Promise<void> {
  await db('signatures').where({ id }).update({
    state: 'withdrawn',
    withdrawn_at: now,
    email_hash: null,
    email_enc: null,
    name_enc: null,
    postcode_enc: null,
    ip_hash: null,
    public: false,
    updates: false,
  });
  await db('signature_tokens').where({ signature_id: id }).delete();
}

export async function recentPublicNames(db: Queryable, petitionId: number, limit: number): Promise<{ nameEnc: Buffer; country: string }[]> {
  return db('signatures')
    .where({ petition_id: petitionId, state: 'confirmed', public: true, validity: 'valid' })
    .orderBy('confirmed_at', 'desc')
    .limit(limit)
    .select({ nameEnc: 'name_enc' }, 'country');
}
