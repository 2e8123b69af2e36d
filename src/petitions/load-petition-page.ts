// Use-case: everything the petition page shows, read without touching the signatures table on most
// views (counts from the counters, recent public names cached for two seconds).
import type { Lang } from '../i18n/languages.ts';
import { decrypt } from '../lib/crypto.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { findPetition, findPetitionText, type Petition, type PetitionText } from './petition.repo.ts';
import { recentPublicNames } from './signature.repo.ts';

export interface PetitionPageData {
  readonly petition: Petition;
  readonly text: PetitionText;
  readonly count: number;
  readonly recent: { name: string; country: string }[];
}

const RECENT_LIMIT = 10;
const RECENT_TTL_MS = 2000;
const recentCache = new Map<number, { at: number; value: Promise<{ name: string; country: string }[]> }>();

function recentSigners(deps: PetitionDeps, petitionId: number): Promise<{ name: string; country: string }[]> {
  const hit = recentCache.get(petitionId);
  if (hit && Date.now() - hit.at < RECENT_TTL_MS) return hit.value;
  const value = recentPublicNames(deps.db, petitionId, RECENT_LIMIT).then((rows) => rows.map((r) => ({ name: decrypt(deps.secrets.encryptionKey, r.nameEnc), country: r.country })));
  recentCache.set(petitionId, { at: Date.now(), value });
  value.catch(() => recentCache.delete(petitionId));
  return value;
}

export async function loadPetitionPage(deps: PetitionDeps, slug: string, lang: Lang): Promise<PetitionPageData | undefined> {
  const petition = await findPetition(deps.db, slug);
  if (!petition) return undefined;
  const [text, counts, recent] = await Promise.all([findPetitionText(deps.db, petition.id, lang), deps.counts.get(petition.id), recentSigners(deps, petition.id)]);
  return text && { petition, text, count: counts.total, recent };
}
