// What the embed use-cases and routes need, built once per app: the petitions' own deps (the signing
// use-case, its writer and caches) and each petition's partner origins, kept for a second.
import type { AppDeps } from '../container.ts';
import { ttlCache, type TtlCache } from '../lib/ttl-cache.ts';
import { petitionDepsOf, type PetitionDeps } from '../petitions/index.ts';
import { listPartnerOrigins } from './partners.repo.ts';

/** Seconds an instance keeps a petition's partner list: a change reaches the frame header within ~1 s (and shared caches within their s-maxage). */
const PARTNERS_TTL_MS = 1000;

export interface EmbedDeps extends Pick<AppDeps, 'db' | 'clock' | 'config' | 'i18n' | 'secrets'> {
  readonly petitions: PetitionDeps;
  /** A petition's partner origins (by petition id), sorted. */
  readonly partners: TtlCache<number, string[]>;
}

export function createEmbedDeps(deps: AppDeps): EmbedDeps {
  return { ...deps, petitions: petitionDepsOf(deps), partners: ttlCache(PARTNERS_TTL_MS, (petitionId: number) => listPartnerOrigins(deps.db, petitionId)) };
}
