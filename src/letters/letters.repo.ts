// Letter requests, letters and their link tokens. Personal columns arrive here already encrypted.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';

export type LetterState = 'pending' | 'confirmed' | 'queued' | 'sent' | 'refused' | 'cancelled' | 'failed';
export type TokenPurpose = 'confirm' | 'answer' | 'optout';
/** States in which a letter counts for the one-letter rule (cancelled, refused and failed ones do not). */
export const HOLDING_STATES: readonly LetterState[] = ['pending', 'confirmed', 'queued', 'sent'];
/** States of letters released for sending: what a new personal paragraph is compared with. */
export const RELEASED_STATES: readonly LetterState[] = ['confirmed', 'queued', 'sent'];

export interface NewRequest {
  readonly campaignId: number;
  readonly emailHash: Buffer;
  readonly emailEnc: Buffer;
  readonly nameEnc: Buffer;
  readonly country: string;
  readonly lang: Lang;
  readonly followup: boolean;
  readonly consentVersion: string;
  readonly now: Date;
}

export async function insertRequest(db: Queryable, r: NewRequest): Promise<string> {
  const [row] = (await db('letter_requests')
    .insert({ campaign_id: r.campaignId, email_hash: r.emailHash, email_enc: r.emailEnc, name_enc: r.nameEnc, country: r.country, lang: r.lang, followup: r.followup, consent_version: r.consentVersion, consented_at: r.now, created_at: r.now })
    .returning('id')) as { id: string }[];
  return String(row!.id);
}

export interface NewLetter {
  readonly mepId: number;
  readonly lang: Lang;
  readonly subjectEnc: Buffer;
  readonly bodyEnc: Buffer;
}

export async function insertLetters(db: Queryable, requestId: string, campaignId: number, emailHash: Buffer, letters: readonly NewLetter[], now: Date): Promise<Map<number, string>> {
  if (letters.length === 0) return new Map();
  const rows = (await db('letters')
    .insert(letters.map((l) => ({ request_id: requestId, campaign_id: campaignId, mep_id: l.mepId, email_hash: emailHash, lang: l.lang, subject_enc: l.subjectEnc, body_enc: l.bodyEnc, created_at: now })))
    .returning(['id', 'mep_id'])) as { id: string; mep_id: number }[];
  return new Map(rows.map((r) => [r.mep_id, String(r.id)]));
}

/** The letters from this address to these MEPs that still hold their place (one per MEP at most). */
export async function holdingLetters(db: Queryable, campaignId: number, emailHash: Buffer, mepIds: readonly number[]): Promise<{ id: string; mepId: number; state: LetterState }[]> {
  if (mepIds.length === 0) return [];
  return db('letters')
    .where({ campaign_id: campaignId, email_hash: emailHash })
    .whereIn('mep_id', mepIds)
    .whereIn('state', HOLDING_STATES)
    .select(db.raw('id::text as id'), { mepId: 'mep_id' }, 'state') as Promise<{ id: string; mepId: number; state: LetterState }[]>;
}

/** Cancels letters not yet confirmed (a newer request from the same address replaces them). */
export async function cancelPending(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db('letters').whereIn('id', ids).where({ state: 'pending' }).update({ state: 'cancelled', subject_enc: null, body_enc: null });
}

export async function insertToken(db: Queryable, token: { hash: Buffer; requestId: string; letterId?: string; purpose: TokenPurpose; expiresAt: Date }): Promise<void> {
  await db('letter_tokens').insert({ token_hash: token.hash, request_id: token.requestId, letter_id: token.letterId ?? null, purpose: token.purpose, expires_at: token.expiresAt });
}

export interface TokenHolder {
  readonly requestId: string;
  readonly letterId: string | null;
  readonly lang: Lang;
  readonly state: 'pending' | 'confirmed' | 'expired';
  readonly campaignId: number;
}

export async function findByToken(db: Queryable, tokenHash: Buffer, purpose: TokenPurpose, now: Date): Promise<TokenHolder | undefined> {
  return db('letter_tokens as k')
    .join('letter_requests as r', 'r.id', 'k.request_id')
    .where({ 'k.token_hash': tokenHash, 'k.purpose': purpose })
    .andWhere('k.expires_at', '>', now)
    .first<TokenHolder | undefined>(db.raw('r.id::text as "requestId"'), db.raw('k.letter_id::text as "letterId"'), 'r.lang', 'r.state', { campaignId: 'r.campaign_id' });
}

export interface RequestLetter {
  readonly id: string;
  readonly mepId: number;
  readonly state: LetterState;
  readonly refusal: string | null;
  readonly sendAfter: Date | null;
  readonly sentAt: Date | null;
  readonly answer: 'replied' | 'no_reply' | null;
}

export async function lettersOfRequest(db: Queryable, requestId: string): Promise<RequestLetter[]> {
  return db('letters')
    .where({ request_id: requestId })
    .whereNot({ state: 'cancelled' })
    .select(db.raw('id::text as id'), { mepId: 'mep_id' }, 'state', 'refusal', { sendAfter: 'send_after' }, { sentAt: 'sent_at' }, 'answer')
    .orderBy('id') as Promise<RequestLetter[]>;
}

/** Whether any letter of the request is still to be delivered. */
export async function hasOutstanding(db: Queryable, requestId: string): Promise<boolean> {
  return (await db('letters').where({ request_id: requestId }).whereIn('state', ['pending', 'confirmed', 'queued']).first('id')) !== undefined;
}

/** Erases the request's personal data (name, address); the rows and counts stay. */
export async function eraseRequest(db: Queryable, requestId: string, now: Date): Promise<void> {
  await db('letter_requests').where({ id: requestId }).whereNull('erased_at').update({ email_enc: null, name_enc: null, erased_at: now });
}

/** Adds to an MEP's counters for a campaign (sent letters, answers), creating the row if need be. */
export async function addToCounts(db: Queryable, campaignId: number, mepId: number, delta: { sent?: number; replied?: number; noReply?: number }): Promise<void> {
  await db.raw(
    `insert into mep_letter_counts (campaign_id, mep_id, sent, replied, no_reply) values (?, ?, ?, ?, ?)
     on conflict (campaign_id, mep_id) do update set sent = mep_letter_counts.sent + excluded.sent,
       replied = mep_letter_counts.replied + excluded.replied, no_reply = mep_letter_counts.no_reply + excluded.no_reply`,
    [campaignId, mepId, delta.sent ?? 0, delta.replied ?? 0, delta.noReply ?? 0],
  );
}

export interface MepCounts {
  readonly sent: number;
  readonly replied: number;
  readonly noReply: number;
}

export async function countsByMep(db: Queryable, campaignId: number): Promise<Map<number, MepCounts>> {
  const rows = (await db('mep_letter_counts').where({ campaign_id: campaignId }).select({ mepId: 'mep_id' }, 'sent', 'replied', { noReply: 'no_reply' })) as (MepCounts & { mepId: number })[];
  return new Map(rows.map(({ mepId, ...counts }) => [mepId, counts]));
}
