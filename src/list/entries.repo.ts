// The list's tables (knex only): entries, their immutable versions with texts and sources, approvals,
// events, and links to evidence reports.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { Category } from './categories.ts';
import type { EntryContent, EntrySource, EntryText } from './entry.ts';

export type EntryState = 'draft' | 'in_review' | 'published';
export type EventAction = 'drafted' | 'edited' | 'submitted' | 'approved' | 'returned' | 'withdrawn';

export interface EntryRow {
  readonly id: number;
  readonly slug: string;
  readonly state: EntryState;
  readonly latest_number: number;
  readonly published_number: number | null;
  readonly published_at: Date | null;
}

export interface Version extends EntryContent {
  readonly entryId: number;
  readonly number: number;
  readonly authorId: number | null;
  readonly note: string;
  readonly createdAt: Date;
}

export interface EventRow {
  readonly number: number;
  readonly action: EventAction;
  readonly actor_id: number | null;
  readonly note: string;
  readonly at: Date;
}

export const entryById = (db: Queryable, id: number) => db<EntryRow>('list_entries').where({ id }).first();
export const entryBySlug = (db: Queryable, slug: string) => db<EntryRow>('list_entries').where({ slug }).first();
export const lockEntry = (db: Queryable, id: number) => db<EntryRow>('list_entries').where({ id }).forUpdate().first();
export const allEntries = (db: Queryable) => db<EntryRow>('list_entries').orderBy('slug');

export async function insertEntry(db: Queryable, slug: string): Promise<number> {
  const [row] = await db('list_entries').insert({ slug, state: 'draft', latest_number: 1 }).returning<{ id: number }[]>('id');
  return row!.id;
}

export async function updateEntry(db: Queryable, id: number, change: Partial<Pick<EntryRow, 'state' | 'latest_number' | 'published_number' | 'published_at' | 'slug'>>): Promise<void> {
  await db('list_entries').where({ id }).update(change);
}

export async function insertVersion(db: Queryable, entryId: number, number: number, content: EntryContent, authorId: number | null, note: string): Promise<void> {
  await db('list_entry_versions').insert({
    entry_id: entryId,
    number,
    name_original: content.names.original,
    name_latin: content.names.latin,
    name_cyrillic: content.names.cyrillic,
    category: content.category,
    author_id: authorId,
    note,
  });
  const texts = Object.entries(content.texts).map(([lang, text]) => ({ entry_id: entryId, number, lang, ...text }));
  if (texts.length > 0) await db('list_entry_version_texts').insert(texts);
  const sources = content.sources.map((s, position) => ({ entry_id: entryId, number, position, title: s.title, url: s.url, published_on: s.date }));
  if (sources.length > 0) await db('list_entry_version_sources').insert(sources);
}

interface VersionRecord {
  entry_id: number;
  number: number;
  name_original: string;
  name_latin: string;
  name_cyrillic: string;
  category: Category;
  author_id: number | null;
  note: string;
  created_at: Date;
}

/** Versions with their texts and sources, for the given (entry, number) pairs (or every version of the entries). */
async function loadVersions(db: Queryable, where: { pairs?: readonly [number, number][]; entryIds?: readonly number[] }): Promise<Version[]> {
  if ((where.pairs?.length ?? where.entryIds?.length ?? 0) === 0) return [];
  const scoped = (table: string) => (where.pairs ? db(table).whereIn(['entry_id', 'number'], where.pairs.map(([e, n]) => [e, n])) : db(table).whereIn('entry_id', where.entryIds ?? []));
  const versions = (await scoped('list_entry_versions').orderBy([{ column: 'entry_id' }, { column: 'number', order: 'desc' }])) as VersionRecord[];
  const texts = (await scoped('list_entry_version_texts')) as { entry_id: number; number: number; lang: Lang; position: string; institution: string; summary: string }[];
  const sources = (await scoped('list_entry_version_sources').orderBy('position').select('entry_id', 'number', 'title', 'url', db.raw(`to_char(published_on, 'YYYY-MM-DD') as date`))) as ({ entry_id: number; number: number } & EntrySource)[];
  const key = (e: number, n: number) => `${e}:${n}`;
  return versions.map((v) => {
    const k = key(v.entry_id, v.number);
    const byLang: Partial<Record<Lang, EntryText>> = {};
    for (const t of texts) if (key(t.entry_id, t.number) === k) byLang[t.lang] = { position: t.position, institution: t.institution, summary: t.summary };
    return {
      entryId: v.entry_id,
      number: v.number,
      names: { original: v.name_original, latin: v.name_latin, cyrillic: v.name_cyrillic },
      category: v.category,
      texts: byLang,
      sources: sources.filter((s) => key(s.entry_id, s.number) === k).map((s) => ({ title: s.title, url: s.url, date: s.date })),
      authorId: v.author_id,
      note: v.note,
      createdAt: v.created_at,
    };
  });
}

export async function versionOf(db: Queryable, entryId: number, number: number): Promise<Version | undefined> {
  return (await loadVersions(db, { pairs: [[entryId, number]] }))[0];
}

/** Every version of an entry, newest first. */
export function versionsOf(db: Queryable, entryId: number): Promise<Version[]> {
  return loadVersions(db, { entryIds: [entryId] });
}

export interface PublishedEntry {
  readonly slug: string;
  readonly publishedAt: Date;
  readonly version: Version;
}

/** The published version of every published entry (optionally of one category), by Latin name. */
export async function publishedEntries(db: Queryable, filter: { category?: Category; slug?: string } = {}): Promise<PublishedEntry[]> {
  const q = db<EntryRow>('list_entries').whereNotNull('published_number').select('id', 'slug', 'published_number', 'published_at');
  if (filter.slug) q.where({ slug: filter.slug });
  const entries = (await q) as Pick<EntryRow, 'id' | 'slug' | 'published_number' | 'published_at'>[];
  const versions = await loadVersions(db, { pairs: entries.map((e) => [e.id, e.published_number!] as [number, number]) });
  return entries
    .map((e) => ({ slug: e.slug, publishedAt: e.published_at ?? new Date(0), version: versions.find((v) => v.entryId === e.id)! }))
    .filter((e) => e.version && (!filter.category || e.version.category === filter.category))
    .sort((a, b) => a.version.names.latin.localeCompare(b.version.names.latin, 'en'));
}

export async function addEvent(db: Queryable, entryId: number, number: number, action: EventAction, actorId: number | null, note = ''): Promise<void> {
  await db('list_entry_events').insert({ entry_id: entryId, number, action, actor_id: actorId, note });
}

export function eventsOf(db: Queryable, entryId: number): Promise<EventRow[]> {
  return db('list_entry_events').where({ entry_id: entryId }).orderBy('id', 'desc').select('number', 'action', 'actor_id', 'note', 'at');
}

/** Who submitted this version for review (the last such event), if anyone. */
export async function submitterOf(db: Queryable, entryId: number, number: number): Promise<number | null | undefined> {
  const row = (await db('list_entry_events').where({ entry_id: entryId, number, action: 'submitted' }).orderBy('id', 'desc').first('actor_id')) as { actor_id: number | null } | undefined;
  return row?.actor_id;
}

export async function insertApproval(db: Queryable, row: { entryId: number; number: number; approverId: number; authorId: number | null; submitterId: number }): Promise<void> {
  await db('list_approvals').insert({ entry_id: row.entryId, number: row.number, approver_id: row.approverId, author_id: row.authorId, submitter_id: row.submitterId });
}

export function reportLinksOf(db: Queryable, entryId: number): Promise<{ report_id: string }[]> {
  return db('list_entry_reports').where({ entry_id: entryId }).orderBy('report_id').select('report_id');
}

export async function linkReport(db: Queryable, entryId: number, reportId: string, by: number): Promise<void> {
  await db('list_entry_reports').insert({ entry_id: entryId, report_id: reportId, added_by: by }).onConflict(['entry_id', 'report_id']).ignore();
}

export async function unlinkReport(db: Queryable, entryId: number, reportId: string): Promise<void> {
  await db('list_entry_reports').where({ entry_id: entryId, report_id: reportId }).delete();
}
