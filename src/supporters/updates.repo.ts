// The updates and their texts per language (knex only).
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';

export type UpdateStatus = 'draft' | 'queued' | 'sending' | 'sent';
export type Fallback = 'english' | 'none';

export interface UpdateText {
  readonly lang: Lang;
  readonly subject: string;
  readonly body: string;
}

export interface UpdateRow {
  readonly id: number;
  readonly status: UpdateStatus;
  readonly fallback: Fallback;
  readonly createdAt: Date;
  readonly queuedAt: Date | null;
  readonly sentAt: Date | null;
  readonly total: number | null;
  readonly texts: UpdateText[];
}

const COLUMNS = 'id, status, fallback, created_at as "createdAt", queued_at as "queuedAt", sent_at as "sentAt", total';

async function textsOf(db: Queryable, ids: readonly number[]): Promise<Map<number, UpdateText[]>> {
  const rows = (await db('supporter_update_translations').whereIn('update_id', ids).orderBy(['update_id', 'lang']).select('update_id', 'lang', 'subject', 'body')) as { update_id: number; lang: Lang; subject: string; body: string }[];
  const map = new Map<number, UpdateText[]>();
  for (const r of rows) map.set(r.update_id, [...(map.get(r.update_id) ?? []), { lang: r.lang, subject: r.subject, body: r.body }]);
  return map;
}

export async function findUpdate(db: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<UpdateRow | undefined> {
  const { rows } = (await db.raw(`select ${COLUMNS} from supporter_updates where id = ?${options.forUpdate ? ' for update' : ''}`, [id])) as { rows: Omit<UpdateRow, 'texts'>[] };
  const row = rows[0];
  if (!row) return undefined;
  return { ...row, texts: (await textsOf(db, [id])).get(id) ?? [] };
}

export async function listUpdates(db: Queryable, limit: number): Promise<UpdateRow[]> {
  const { rows } = (await db.raw(`select ${COLUMNS} from supporter_updates order by id desc limit ?`, [limit])) as { rows: Omit<UpdateRow, 'texts'>[] };
  const texts = await textsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, texts: texts.get(r.id) ?? [] }));
}

export async function insertUpdate(db: Queryable, input: { fallback: Fallback; createdBy: string; texts: readonly UpdateText[] }): Promise<number> {
  const [row] = (await db('supporter_updates').insert({ fallback: input.fallback, created_by: input.createdBy }).returning('id')) as { id: number }[];
  await replaceTexts(db, row!.id, input.texts);
  return row!.id;
}

export async function saveDraft(db: Queryable, id: number, input: { fallback: Fallback; texts: readonly UpdateText[] }): Promise<void> {
  await db('supporter_updates').where({ id, status: 'draft' }).update({ fallback: input.fallback });
  await replaceTexts(db, id, input.texts);
}

async function replaceTexts(db: Queryable, id: number, texts: readonly UpdateText[]): Promise<void> {
  await db('supporter_update_translations').where({ update_id: id }).delete();
  if (texts.length > 0) await db('supporter_update_translations').insert(texts.map((t) => ({ update_id: id, lang: t.lang, subject: t.subject, body: t.body })));
}

/** draft → queued; false when it was not a draft (sent twice, or already on its way). */
export async function markQueued(db: Queryable, id: number, at: Date): Promise<boolean> {
  return (await db('supporter_updates').where({ id, status: 'draft' }).update({ status: 'queued', queued_at: at })) > 0;
}

/** queued → sending, with its number of recipients; false when another start did it already. */
export async function markSending(db: Queryable, id: number, total: number): Promise<boolean> {
  return (await db('supporter_updates').where({ id, status: 'queued' }).update({ status: 'sending', total })) > 0;
}

/** sending → sent once no recipient is left pending. */
export async function markSentIfDone(db: Queryable, id: number, at: Date): Promise<boolean> {
  const { rowCount } = (await db.raw(
    `update supporter_updates set status = 'sent', sent_at = ? where id = ? and status = 'sending'
       and not exists (select 1 from supporter_update_recipients r where r.update_id = ? and r.status = 'pending')`,
    [at, id, id],
  )) as { rowCount: number };
  return rowCount > 0;
}
