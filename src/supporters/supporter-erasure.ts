// Erasure by email hash (erasure/registry.ts) of what is kept keyed by an address for updates and mail:
// the mail layer's suppression and refusal records, the unsubscribe record, and the update ledger rows.
import type { Queryable, Tx } from '../db/knex.ts';
import type { ErasureHook, HeldRecord } from '../erasure/index.ts';
import { countSuppressionData, eraseSuppressionData, findSuppression } from '../mail/suppression.ts';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const countOf = async (db: Queryable, table: string, emailHash: Buffer): Promise<number> => ((await db(table).where({ email_hash: emailHash }).first(db.raw('count(*)::int as n'))) as { n: number }).n;

export const suppressionErasure: ErasureHook = {
  kind: 'suppressions',
  labelKey: 'supporters.erasure.suppressions',
  count: (db, emailHash) => countSuppressionData(db, emailHash),
  async describe(db, emailHash) {
    const held: HeldRecord[] = [];
    const row = await findSuppression(db, emailHash);
    if (row) held.push({ kind: 'suppression', fields: { reason: row.reason, smtpCode: row.smtpCode, since: iso(row.createdAt) } });
    const refusals = (await db('email_refusals').where({ email_hash: emailHash }).orderBy('refused_at').select('kind', 'smtp_code', 'refused_at')) as { kind: string | null; smtp_code: number; refused_at: Date }[];
    for (const r of refusals) held.push({ kind: 'refusal', fields: { mail: r.kind, smtpCode: r.smtp_code, at: iso(r.refused_at) } });
    return held;
  },
  erase: (trx: Tx, emailHash: Buffer) => eraseSuppressionData(trx, emailHash),
};

export const unsubscribeErasure: ErasureHook = {
  kind: 'update-unsubscribes',
  labelKey: 'supporters.erasure.unsubscribes',
  count: (db, emailHash) => countOf(db, 'update_unsubscribes', emailHash),
  async describe(db, emailHash) {
    const rows = (await db('update_unsubscribes').where({ email_hash: emailHash }).select('unsubscribed_at')) as { unsubscribed_at: Date }[];
    return rows.map((r) => ({ kind: 'unsubscribe', fields: { at: iso(r.unsubscribed_at) } }));
  },
  erase: (trx: Tx, emailHash: Buffer) => trx('update_unsubscribes').where({ email_hash: emailHash }).delete(),
};

export const updateRecipientErasure: ErasureHook = {
  kind: 'update-recipients',
  labelKey: 'supporters.erasure.recipients',
  count: (db, emailHash) => countOf(db, 'supporter_update_recipients', emailHash),
  async describe(db, emailHash) {
    const rows = (await db('supporter_update_recipients').where({ email_hash: emailHash }).orderBy('id').select('update_id', 'lang', 'status', 'sent_at')) as { update_id: number; lang: string; status: string; sent_at: Date | null }[];
    return rows.map((r) => ({ kind: 'update', fields: { update: r.update_id, language: r.lang, status: r.status, sentAt: iso(r.sent_at) } }));
  },
  // The rows go: a part of the update still to be sent then finds nothing for this address.
  erase: (trx: Tx, emailHash: Buffer) => trx('supporter_update_recipients').where({ email_hash: emailHash }).delete(),
};
