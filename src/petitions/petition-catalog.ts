// Petitions and their texts change rarely (organisers' edits): each instance keeps them for five
// seconds, so a page view, an API call or a signature does not look them up every time, and forgets
// them as soon as the content version moves on (an edit here at once, on another instance within about
// a second: lib/content-version.ts). A text not translated into a language falls back to English, then
// to the first language it has (textOrFallback).
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import { ttlCache } from '../lib/ttl-cache.ts';
import { followContent } from '../lib/content-version.ts';
import { DEFAULT_LANG, LANGS } from '../i18n/languages.ts';
import { findPetition, findPetitionText, type Petition, type PetitionText } from './petition.repo.ts';

export interface PetitionCatalog {
  bySlug(slug: string): Promise<Petition | undefined>;
  text(petitionId: number, lang: Lang): Promise<PetitionText | undefined>;
  /** The text in `lang`, else in English, else in the first language that has one, with its language. */
  textOrFallback(petitionId: number, lang: Lang): Promise<{ text: PetitionText; lang: Lang } | undefined>;
}

export function createPetitionCatalog(db: Queryable, ttlMs = 5000): PetitionCatalog {
  const caches = followContent(db, () => ({
    petitions: ttlCache(ttlMs, (slug: string) => findPetition(db, slug)),
    texts: ttlCache(ttlMs, (key: string) => {
      const [id = '', lang = ''] = key.split(':');
      return findPetitionText(db, Number(id), lang as Lang);
    }),
  }));
  const text = async (petitionId: number, lang: Lang) => (await caches()).texts.get(`${petitionId}:${lang}`);
  return {
    bySlug: async (slug) => (await caches()).petitions.get(slug),
    text,
    async textOrFallback(petitionId, lang) {
      for (const candidate of [lang, DEFAULT_LANG, ...LANGS]) {
        const found = await text(petitionId, candidate);
        if (found) return { text: found, lang: candidate };
      }
      return undefined;
    },
  };
}
