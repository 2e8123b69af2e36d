// evidence_reports and evidence_parts (knex only). Days, never times; ids are random UUIDs.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';

export const REPORT_STATUSES = ['new', 'in_review', 'used', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type PartKind = 'message' | 'file' | 'reply';

export interface ReportRow {
  readonly id: string;
  readonly receipt_hash: Buffer;
  readonly received_on: string;
  readonly last_activity_on: string;
  readonly status: ReportStatus;
  readonly keep: boolean;
  readonly lang: Lang;
  readonly source_public_key: string;
  readonly source_key_enc: Buffer;
  readonly source_key_salt: Buffer;
}

export interface PartRow {
  readonly report_id: string;
  readonly seq: number;
  readonly kind: PartKind;
  readonly stored_name: string;
  readonly size: number;
  readonly received_on: string;
  readonly recipients: string[];
  readonly replied_by: number | null;
}

export interface NewPart {
  readonly kind: PartKind;
  readonly storedName: string;
  readonly size: number;
  readonly recipients: readonly string[];
  readonly repliedBy?: number;
}

/** Dates come back as 'YYYY-MM-DD' strings (to_char), never as Dates shifted by a time zone. */
const REPORT_COLUMNS = ['id', 'receipt_hash', 'status', 'keep', 'lang', 'source_public_key', 'source_key_enc', 'source_key_salt'];
const reportSelect = (db: Queryable) =>
  db('evidence_reports').select(...REPORT_COLUMNS, db.raw(`to_char(received_on, 'YYYY-MM-DD') as received_on`), db.raw(`to_char(last_activity_on, 'YYYY-MM-DD') as last_activity_on`));

export async function insertReport(db: Queryable, row: Omit<ReportRow, 'status' | 'keep' | 'last_activity_on'>): Promise<void> {
  await db('evidence_reports').insert({ ...row, last_activity_on: row.received_on });
}

// (knex's first() would replace the select list with *, and the days would come back as Dates.)
export async function reportByReceiptHash(db: Queryable, hash: Buffer): Promise<ReportRow | undefined> {
  return ((await reportSelect(db).where({ receipt_hash: hash }).limit(1)) as ReportRow[])[0];
}

export async function reportById(db: Queryable, id: string): Promise<ReportRow | undefined> {
  return ((await reportSelect(db).where({ id }).limit(1)) as ReportRow[])[0];
}

/** Appends parts after the report's last one, and moves its last activity to `day`. Lock the report first. */
export async function appendParts(db: Queryable, reportId: string, day: string, parts: readonly NewPart[]): Promise<void> {
  const row = (await db('evidence_parts').where({ report_id: reportId }).max('seq as last').first()) as { last: number | null } | undefined;
  let seq = row?.last ?? 0;
  if (parts.length > 0) {
    await db('evidence_parts').insert(
      parts.map((p) => ({ report_id: reportId, seq: (seq += 1), kind: p.kind, stored_name: p.storedName, size: p.size, received_on: day, recipients: [...p.recipients], replied_by: p.repliedBy ?? null })),
    );
  }
  await db('evidence_reports').where({ id: reportId }).update({ last_activity_on: db.raw('greatest(last_activity_on, ?::date)', [day]) });
}

/** Locks a report's row for the rest of the transaction (parts are numbered under it). */
export async function lockReport(db: Queryable, id: string): Promise<boolean> {
  return (await db('evidence_reports').where({ id }).forUpdate().first('id')) !== undefined;
}

export async function partsOf(db: Queryable, reportId: string): Promise<PartRow[]> {
  const rows = await db('evidence_parts')
    .where({ report_id: reportId })
    .orderBy('seq')
    .select('report_id', 'seq', 'kind', 'stored_name', 'recipients', 'replied_by', db.raw('size::float8 as size'), db.raw(`to_char(received_on, 'YYYY-MM-DD') as received_on`));
  return rows as PartRow[];
}

export async function setStatus(db: Queryable, id: string, status: ReportStatus): Promise<boolean> {
  return (await db('evidence_reports').where({ id }).update({ status })) > 0;
}

export async function setKeep(db: Queryable, id: string, keep: boolean): Promise<boolean> {
  return (await db('evidence_reports').where({ id }).update({ keep })) > 0;
}

export interface ReportSummaryRow {
  readonly id: string;
  readonly received_on: string;
  readonly last_activity_on: string;
  readonly status: ReportStatus;
  readonly keep: boolean;
  readonly lang: Lang;
  readonly size: number;
  readonly messages: number;
  readonly files: number;
  readonly replies: number;
}

/** The organisers' list: coarse metadata only, newest day first. */
export async function reportSummaries(db: Queryable, filter: { status?: ReportStatus; limit: number; offset: number }): Promise<ReportSummaryRow[]> {
  const q = db('evidence_reports as r')
    .leftJoin('evidence_parts as p', 'p.report_id', 'r.id')
    .groupBy('r.id')
    .select(
      'r.id', 'r.status', 'r.keep', 'r.lang',
      db.raw(`to_char(r.received_on, 'YYYY-MM-DD') as received_on`),
      db.raw(`to_char(r.last_activity_on, 'YYYY-MM-DD') as last_activity_on`),
      db.raw('coalesce(sum(p.size), 0)::float8 as size'),
      db.raw(`count(*) filter (where p.kind = 'message')::int as messages`),
      db.raw(`count(*) filter (where p.kind = 'file')::int as files`),
      db.raw(`count(*) filter (where p.kind = 'reply')::int as replies`),
    )
    .orderBy([{ column: 'r.last_activity_on', order: 'desc' }, { column: 'r.id' }])
    .limit(filter.limit)
    .offset(filter.offset);
  if (filter.status) q.where('r.status', filter.status);
  return (await q) as ReportSummaryRow[];
}

export async function countReports(db: Queryable, status?: ReportStatus): Promise<number> {
  const q = db('evidence_reports').count<{ n: string }[]>('* as n');
  if (status) q.where({ status });
  return Number((await q)[0]?.n ?? 0);
}

/** Reports whose last activity is `days` or more before `today`, unless kept; with their parts' stored names. */
export async function expiredReports(db: Queryable, today: string, days: number): Promise<{ id: string; names: string[] }[]> {
  const rows = (await db('evidence_reports as r')
    .leftJoin('evidence_parts as p', 'p.report_id', 'r.id')
    .where('r.keep', false)
    .andWhereRaw('r.last_activity_on <= ?::date - ?::int', [today, days])
    .groupBy('r.id')
    .select('r.id', db.raw(`coalesce(array_agg(p.stored_name) filter (where p.stored_name is not null), '{}') as names`))) as { id: string; names: string[] }[];
  return rows;
}

export async function deleteReports(db: Queryable, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db('evidence_reports').whereIn('id', ids).delete();
}

export async function storedNameExists(db: Queryable, name: string): Promise<boolean> {
  return (await db('evidence_parts').where({ stored_name: name }).first('seq')) !== undefined;
}

/** The full id of a report given its id or the first 8 characters of it (undefined when none or several match). */
export async function findReportId(db: Queryable, idOrPrefix: string): Promise<string | undefined> {
  const value = idOrPrefix.trim().toLowerCase();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) return (await db('evidence_reports').where({ id: value }).first('id'))?.id as string | undefined;
  if (!/^[0-9a-f]{8}$/.test(value)) return undefined;
  const rows = (await db('evidence_reports').whereRaw('id::text like ?', [`${value}%`]).limit(2).select('id')) as { id: string }[];
  return rows.length === 1 ? rows[0]!.id : undefined;
}
