// The MEP directory in PostgreSQL: the records, the EP bodies with their names, and the log of loads.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { SittingMep } from './directory-diff.ts';
import type { BodyNamesFile, BodyRecord, MepRecord } from './meps.schema.ts';

export interface Mep {
  readonly id: number;
  readonly fullName: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly epName: string;
  readonly country: string;
  readonly group: string;
  readonly groupName: string;
  readonly nationalParty: string | null;
  readonly email: string | null;
  readonly committees: string[] | null;
  readonly delegations: string[] | null;
  readonly bodyRoles: Record<string, string> | null;
  readonly membershipsAsOf: string | null;
  readonly gender: 'female' | 'male' | null;
  readonly active: boolean;
  readonly profileUrl: string;
  readonly postalAddress: string | null;
}

export interface EpBody {
  readonly code: string;
  readonly kind: 'committee' | 'delegation';
  readonly type: string;
  /** The EP's English name. */
  readonly name: string;
  readonly parent: string | null;
  /** Names in other languages (absent: show the English name, marked as such). */
  readonly names: Partial<Record<Lang, string>>;
  readonly shortNames: Partial<Record<Lang, string>>;
}

const MEP_COLUMNS = {
  id: 'id',
  fullName: 'full_name',
  givenName: 'given_name',
  familyName: 'family_name',
  epName: 'ep_name',
  country: 'country',
  group: 'group_code',
  groupName: 'group_name',
  nationalParty: 'national_party',
  email: 'email',
  committees: 'committees',
  delegations: 'delegations',
  bodyRoles: 'body_roles',
  gender: 'gender',
  active: 'active',
  profileUrl: 'profile_url',
  postalAddress: 'postal_address',
} as const;

export async function allMeps(db: Queryable): Promise<Mep[]> {
  return (await db('meps')
    .select(MEP_COLUMNS, db.raw(`to_char(memberships_as_of, 'YYYY-MM-DD') as "membershipsAsOf"`))
    .orderBy([{ column: 'active', order: 'desc' }, 'country', 'family_name', 'id'])) as Mep[];
}

export async function sittingState(db: Queryable): Promise<SittingMep[]> {
  return db('meps').select('id', { fullName: 'full_name' }, 'country', { group: 'group_code' }, 'active') as Promise<SittingMep[]>;
}

/** Inserts or replaces every record of a file (one statement per 250 rows). */
export async function upsertMeps(db: Queryable, records: readonly MepRecord[]): Promise<void> {
  const rows = records.map((r) => ({
    id: r.id,
    full_name: r.fullName,
    given_name: r.givenName,
    family_name: r.familyName,
    ep_name: r.epName,
    country: r.country,
    group_code: r.group,
    group_name: r.groupName,
    national_party: r.nationalParty,
    email: r.email,
    committees: r.committees,
    delegations: r.delegations,
    body_roles: r.bodyRoles === null ? null : JSON.stringify(r.bodyRoles),
    memberships_as_of: r.membershipsAsOf,
    gender: r.gender,
    active: r.active,
    term_start: r.termStart,
    term_end: r.termEnd,
    note: r.note,
    profile_url: r.profileUrl,
    postal_address: r.postalAddress ?? null,
    updated_at: new Date(),
  }));
  for (let i = 0; i < rows.length; i += 250) {
    await db('meps').insert(rows.slice(i, i + 250)).onConflict('id').merge();
  }
}

/** Records the file no longer mentions stay (old letters name them) but no longer sit. */
export async function markNotSitting(db: Queryable, ids: readonly number[], note: string): Promise<void> {
  if (ids.length === 0) return;
  await db('meps').whereIn('id', ids).update({ active: false, note, updated_at: new Date() });
}

export async function upsertBodies(db: Queryable, bodies: readonly BodyRecord[], names: BodyNamesFile): Promise<void> {
  if (bodies.length === 0) return;
  await db('ep_bodies')
    .insert(bodies.map((b) => ({ code: b.code, kind: b.kind, type: b.type, name: b.name, parent: b.parent, name_source: b.nameSource, ep_org_ids: b.epOrgIds, note: b.note })))
    .onConflict('code')
    .merge();
  const translations = bodies.flatMap((b) => {
    const named = names.names[b.code];
    if (!named) return [];
    return (['en', 'ru', 'kk', 'pl'] as const).map((lang) => ({ code: b.code, lang, name: lang === 'en' ? null : named[lang], short_name: named.short[lang] }));
  });
  await db('ep_body_translations').whereIn('code', bodies.map((b) => b.code)).delete();
  if (translations.length > 0) await db('ep_body_translations').insert(translations);
}

export async function allBodies(db: Queryable): Promise<EpBody[]> {
  const bodies = (await db('ep_bodies').select('code', 'kind', 'type', 'name', 'parent').orderBy('code')) as Omit<EpBody, 'names' | 'shortNames'>[];
  const translations = (await db('ep_body_translations').select('code', 'lang', 'name', { shortName: 'short_name' })) as { code: string; lang: Lang; name: string | null; shortName: string | null }[];
  return bodies.map((b) => {
    const mine = translations.filter((t) => t.code === b.code);
    return {
      ...b,
      names: Object.fromEntries(mine.filter((t) => t.name).map((t) => [t.lang, t.name!])),
      shortNames: Object.fromEntries(mine.filter((t) => t.shortName).map((t) => [t.lang, t.shortName!])),
    };
  });
}

export async function bodyKinds(db: Queryable): Promise<Map<string, { kind: string }>> {
  const rows = (await db('ep_bodies').select('code', 'kind')) as { code: string; kind: string }[];
  return new Map(rows.map((r) => [r.code, { kind: r.kind }]));
}

export interface DirectoryLoad {
  readonly source: 'bundled' | 'import';
  readonly fileHash: string;
  readonly records: number;
  readonly joined: number;
  readonly left: number;
  readonly changedGroup: number;
}

export async function wasLoaded(db: Queryable, fileHash: string): Promise<boolean> {
  return (await db('mep_directory_loads').where({ file_hash: fileHash }).first('id')) !== undefined;
}

export async function recordLoad(db: Queryable, load: DirectoryLoad): Promise<void> {
  await db('mep_directory_loads').insert({ source: load.source, file_hash: load.fileHash, records: load.records, joined: load.joined, left: load.left, changed_group: load.changedGroup });
}
