// What a signature's email needs, read in one query: the signature, its petition's slug and title in
// the signer's language, and whether this message was already handed to SMTP.
import type { Lang } from '../i18n/languages.ts';
import type { Queryable } from '../db/knex.ts';
import type { SignatureState, TokenPurpose } from './signature.repo.ts';

export interface SignatureEmailRow {
  readonly id: string;
  readonly state: SignatureState;
  readonly emailEnc: Buffer | null;
  readonly nameEnc: Buffer | null;
  readonly lang: Lang;
  readonly slug: string;
  readonly title: string | null;
  readonly delivered: boolean;
}

export async function findSignatureForEmail(db: Queryable, signatureId: string, messageId: string): Promise<SignatureEmailRow | undefined> {
  const result = (await db.raw(
    `select s.id, s.state, s.email_enc as "emailEnc", s.name_enc as "nameEnc", s.lang, p.slug, t.title,
            exists (select 1 from email_deliveries d where d.message_id = ?) as delivered
       from signatures s
       join petitions p on p.id = s.petition_id
       left join petition_translations t on t.petition_id = p.id and t.lang = s.lang
      where s.id = ?`,
    [messageId, signatureId],
  )) as { rows: SignatureEmailRow[] };
  return result.rows[0];
}

/** Stores the hashes of the links an email carries, in one statement. */
export async function insertTokens(db: Queryable, signatureId: string, tokens: { hash: Buffer; purpose: TokenPurpose; expiresAt: Date }[]): Promise<void> {
  await db('signature_tokens').insert(tokens.map((t) => ({ token_hash: t.hash, signature_id: signatureId, purpose: t.purpose, expires_at: t.expiresAt })));
}

export async function recordDelivery(db: Queryable, messageId: string, kind: string): Promise<void> {
  await db('email_deliveries').insert({ message_id: messageId, kind }).onConflict('message_id').ignore();
}
