// my_data_requests and my_data_tokens (knex only). Addresses arrive encrypted, tokens as their SHA-256.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';

export async function insertRequest(db: Queryable, r: { emailHash: Buffer; emailEnc: Buffer; lang: Lang; now: Date }): Promise<string> {
  const [row] = (await db('my_data_requests').insert({ email_hash: r.emailHash, email_enc: r.emailEnc, lang: r.lang, created_at: r.now }).returning('id')) as { id: string }[];
  return String(row!.id);
}

export interface PendingRequest {
  readonly id: string;
  readonly emailHash: Buffer;
  readonly emailEnc: Buffer;
  readonly lang: Lang;
}

export async function findRequest(db: Queryable, id: string): Promise<PendingRequest | undefined> {
  return db('my_data_requests').where({ id }).first<PendingRequest | undefined>(db.raw('id::text as id'), { emailHash: 'email_hash' }, { emailEnc: 'email_enc' }, 'lang');
}

export async function deleteRequest(db: Queryable, id: string): Promise<void> {
  await db('my_data_requests').where({ id }).delete();
}

export async function insertToken(db: Queryable, t: { tokenHash: Buffer; emailHash: Buffer; expiresAt: Date; now: Date }): Promise<void> {
  await db('my_data_tokens').insert({ token_hash: t.tokenHash, email_hash: t.emailHash, expires_at: t.expiresAt, created_at: t.now });
}

/** The address hash a live token shows, or undefined (unknown, expired, or erased with its data). */
export async function emailHashOfToken(db: Queryable, tokenHash: Buffer, now: Date): Promise<Buffer | undefined> {
  const row = (await db('my_data_tokens').where({ token_hash: tokenHash }).andWhere('expires_at', '>', now).first('email_hash')) as { email_hash: Buffer } | undefined;
  return row?.email_hash;
}

export async function deleteExpired(db: Queryable, now: Date, requestsBefore: Date): Promise<{ tokens: number; requests: number }> {
  const tokens = await db('my_data_tokens').where('expires_at', '<=', now).delete();
  const requests = await db('my_data_requests').where('created_at', '<', requestsBefore).delete();
  return { tokens, requests };
}
