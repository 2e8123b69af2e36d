// Petitions and their texts change rarely (organisers' edits): each instance keeps them for five
// seconds, so a page view, an API call or a signature does not look them up every time.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import { ttlCache } from '../lib/ttl-cache.ts';
import { findPetition, findPetitionText, type Petition, type PetitionText } from './petition.repo.ts';

export interface PetitionCatalog {
  bySlug(slug: string): Promise<Petition | undefined>;
  text(petitionId: number, lang: Lang): Promise<PetitionText | undefined>;
}

export function createPetitionCatalog(db: Queryable, ttlMs = 5000): PetitionCatalog {
  const petitions = ttlCache(ttlMs, (slug: string) => findPetition(db, slug));
  const texts = ttlCache(ttlMs, (key: string) => {
    const [id = '', lang = ''] = key.split(':');
    return findPetitionText(db, Number(id), lang as Lang);
  });
  return {
    bySlug: (slug) => petitions.get(slug),
    text: (petitionId, lang) => texts.get(`${petitionId}:${lang}`),
  };
}
