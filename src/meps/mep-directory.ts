// The directory as each app instance reads it: every record and body, kept in memory for five seconds
// (the data change by import only), so the letter pages, the map and the API filter in memory.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import { ttlCache } from '../lib/ttl-cache.ts';
import { allBodies, allMeps, type EpBody, type Mep } from './meps.repo.ts';

export interface DirectorySnapshot {
  /** Sitting MEPs first, then by country and family name. */
  readonly meps: readonly Mep[];
  readonly byId: ReadonlyMap<number, Mep>;
  readonly bodies: ReadonlyMap<string, EpBody>;
}

export interface MepFilter {
  readonly country?: string;
  /** A committee or delegation code: its members in any role, substitutes included. */
  readonly body?: string;
  readonly group?: string;
}

export interface MepDirectory {
  snapshot(): Promise<DirectorySnapshot>;
}

export function createMepDirectory(db: Queryable, ttlMs = 5000): MepDirectory {
  const cache = ttlCache(ttlMs, async (_key: 'all') => {
    const [meps, bodies] = await Promise.all([allMeps(db), allBodies(db)]);
    return { meps, byId: new Map(meps.map((m) => [m.id, m])), bodies: new Map(bodies.map((b) => [b.code, b])) } satisfies DirectorySnapshot;
  });
  return { snapshot: () => cache.get('all') };
}

export const sitsOn = (mep: Mep, code: string): boolean => (mep.committees ?? []).includes(code) || (mep.delegations ?? []).includes(code);

/** Sitting MEPs matching every filter given. */
export function sittingMeps(snapshot: DirectorySnapshot, filter: MepFilter = {}): Mep[] {
  return snapshot.meps.filter((m) => m.active && (!filter.country || m.country === filter.country) && (!filter.group || m.group === filter.group) && (!filter.body || sitsOn(m, filter.body)));
}

export interface BodyName {
  readonly name: string;
  readonly short: string;
  /** The language the name is in: the EP's English name stands in where we have no translation. */
  readonly lang: Lang;
}

/** A body's name for a reader of `lang`, or the EP's English name (marked as English). */
export function bodyName(body: EpBody, lang: Lang): BodyName {
  if (lang === 'en') return { name: body.name, short: body.shortNames.en ?? body.code, lang: 'en' };
  const name = body.names[lang];
  if (name) return { name, short: body.shortNames[lang] ?? body.code, lang };
  return { name: body.name, short: body.shortNames.en ?? body.code, lang: 'en' };
}
