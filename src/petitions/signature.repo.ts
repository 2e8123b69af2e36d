// Signatures and their link tokens. Personal columns arrive here already encrypted.
import type { Lang } from '../i18n/languages.ts';
import type { Queryable } from '../db/knex.ts';
import { countUpsertSql, randomShard } from './counts.repo.ts';

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
  /** Keyed hash of the canonical email domain (domain-hash.ts), for moderation by domain. */
  readonly domainHash?: Buffer | null;
  readonly flags: string[];
}

export interface SignatureRef {
  readonly id: string;
  readonly state: SignatureState;
}

/** A (petition, address hash) pair as a map key. */
export const pairKey = (petitionId: number, emailHash: Buffer): string => `${petitionId}:${emailHash.toString('base64')}`;

/** The existing signatures of these (petition, address hash) pairs, in order (undefined if none). */
export async function findSignaturesByEmailHash(db: Queryable, pairs: readonly { petitionId: number; emailHash: Buffer }[]): Promise<(SignatureRef | undefined)[]> {
  if (pairs.length === 0) return [];
  const rows = (await db('signatures')
    .whereIn(
      ['petition_id', 'email_hash'],
      pairs.map((p) => [p.petitionId, p.emailHash]),
    )
    .select('id', 'state', 'petition_id', 'email_hash')) as { id: string; state: SignatureState; petition_id: number; email_hash: Buffer }[];
  const found = new Map(rows.map((row) => [pairKey(row.petition_id, row.email_hash), { id: row.id, state: row.state }]));
  return pairs.map((p) => found.get(pairKey(p.petitionId, p.emailHash)));
}

export async function findSignatureByEmailHash(db: Queryable, petitionId: number, emailHash: Buffer): Promise<SignatureRef | undefined> {
  const [found] = await findSignaturesByEmailHash(db, [{ petitionId, emailHash }]);
  return found;
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

export type ConfirmOutcome = { state: SignatureState; slug: string; changed: boolean } | undefined;

/**
 * Confirms the signatures that unexpired confirm-link tokens belong to, and counts them, in one statement
 * (one round trip and one commit for the whole list). One outcome per token, in order: undefined when
 * the token is unknown or expired; `changed` is true where this call moved the signature from pending to
 * confirmed. A signature is counted once however many of the tokens name it, and a concurrent second
 * press waits for the first's row lock, then finds it confirmed. Counter rows are upserted in country
 * order, so two lists cannot deadlock on them.
 */
export async function confirmByTokens(db: Queryable, tokenHashes: readonly Buffer[], now: Date): Promise<ConfirmOutcome[]> {
  if (tokenHashes.length === 0) return [];
  const result = (await db.raw(
    `with wanted as (
       select token_hash, ord from unnest(?::bytea[]) with ordinality as w(token_hash, ord)
     ),
     hit as (
       select w.ord, s.id, s.state, p.slug
         from wanted w
         join signature_tokens k on k.token_hash = w.token_hash and k.purpose = 'confirm' and k.expires_at > ?
         join signatures s on s.id = k.signature_id
         join petitions p on p.id = s.petition_id
     ),
     confirmed as (
       update signatures set state = 'confirmed', confirmed_at = ?
        where id in (select id from hit) and state = 'pending'
        returning id, petition_id, country, validity
     ),
     per_country as ( -- a signature invalidated while pending is not counted (moderation)
       select petition_id, country, count(*)::int as n from confirmed where validity = 'valid' group by petition_id, country order by petition_id, country
     ),
     counted as (${countUpsertSql('per_country')})
     select hit.ord::int as ord, hit.state, hit.slug, exists (select 1 from confirmed c where c.id = hit.id) as changed from hit`,
    [[...tokenHashes], now, now, now.toISOString(), randomShard()],
  )) as { rows: { ord: number; state: SignatureState; slug: string; changed: boolean }[] };
  const byOrd = new Map(result.rows.map((row) => [row.ord, { state: row.state, slug: row.slug, changed: row.changed }]));
  return tokenHashes.map((_, i) => byOrd.get(i + 1));
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
    domain_hash: null,
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
