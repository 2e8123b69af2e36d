// Use-case: everything the petition page shows, read without touching the signatures table on most
// views (counts from the counters, recent public names cached for two seconds).
import type { Lang } from '../i18n/languages.ts';
import { decrypt } from '../lib/crypto.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { ttlCache, type TtlCache } from '../lib/ttl-cache.ts';
import type { Petition, PetitionText } from './petition.repo.ts';
import { recentPublicNames } from './signature.repo.ts';

export interface PetitionPageData {
  readonly petition: Petition;
  readonly text: PetitionText;
  /** The language of `text`: the page's, or a fallback while the petition is not translated into it. */
  readonly textLang: Lang;
  readonly count: number;
  /** Counted signatures by country (for the member-state table, when the petition shows it). */
  readonly byCountry: Readonly<Record<string, number>>;
  readonly recent: { name: string; country: string }[];
}

const RECENT_LIMIT = 10;
const RECENT_TTL_MS = 2000;
const recentCaches = new WeakMap<PetitionDeps, TtlCache<number, { name: string; country: string }[]>>();

function recentSigners(deps: PetitionDeps, petitionId: number): Promise<{ name: string; country: string }[]> {
  let cache = recentCaches.get(deps);
  if (!cache) {
    cache = ttlCache(RECENT_TTL_MS, async (id: number) => (await recentPublicNames(deps.db, id, RECENT_LIMIT)).map((r) => ({ name: decrypt(deps.secrets.encryptionKey, r.nameEnc), country: r.country })));
    recentCaches.set(deps, cache);
  }
  return cache.get(petitionId);
}

export async function loadPetitionPage(deps: PetitionDeps, slug: string, lang: Lang): Promise<PetitionPageData | undefined> {
  const petition = await deps.catalog.bySlug(slug);
  if (!petition) return undefined;
  const [found, counts, recent] = await Promise.all([deps.catalog.textOrFallback(petition.id, lang), deps.counts.get(petition.id), recentSigners(deps, petition.id)]);
  return found && { petition, text: found.text, textLang: found.lang, count: counts.total, byCountry: counts.byCountry, recent };
}
