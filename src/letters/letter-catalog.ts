// Letter campaigns change rarely (organisers' edits): each instance keeps a campaign with its texts,
// targets and prisoners for five seconds, so a page or a draft does not look them up every time.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import { ttlCache } from '../lib/ttl-cache.ts';
import { sitsOn, type Mep } from '../meps/index.ts';
import { campaignPrisoners, campaignTargets, campaignTexts, featuredCampaignSlug, findCampaign, type CampaignText, type LetterCampaign, type Prisoner, type Target } from './campaign.repo.ts';

export interface CampaignBundle {
  readonly campaign: LetterCampaign;
  readonly texts: ReadonlyMap<Lang, CampaignText>;
  readonly targets: readonly Target[];
  readonly prisoners: readonly Prisoner[];
  /** The bodies whose members are the key MEPs for this campaign's file. */
  readonly keyBodies: readonly string[];
}

export interface LetterCatalog {
  bySlug(slug: string): Promise<CampaignBundle | undefined>;
  /** The campaign the tool shows by default (the newest open one, else the newest). */
  featured(): Promise<CampaignBundle | undefined>;
}

export function createLetterCatalog(db: Queryable, ttlMs = 5000): LetterCatalog {
  const bundles = ttlCache(ttlMs, async (slug: string): Promise<CampaignBundle | undefined> => {
    const campaign = await findCampaign(db, slug);
    if (!campaign) return undefined;
    const [texts, targets, prisoners] = await Promise.all([campaignTexts(db, campaign.id), campaignTargets(db, campaign.id), campaignPrisoners(db, campaign.id)]);
    return { campaign, texts: new Map(texts.map((t) => [t.lang, t])), targets, prisoners, keyBodies: targets.filter((t) => t.kind === 'body' && t.key).map((t) => t.value) };
  });
  const featured = ttlCache(ttlMs, (_key: 'featured') => featuredCampaignSlug(db));
  return {
    bySlug: (slug) => bundles.get(slug),
    async featured() {
      const slug = await featured.get('featured');
      return slug ? bundles.get(slug) : undefined;
    },
  };
}

/** Whether the campaign writes to this MEP: sitting, and matching one of its targets. */
export function isTarget(bundle: CampaignBundle, mep: Mep): boolean {
  if (!mep.active || !mep.email) return false;
  return bundle.targets.some((t) => (t.kind === 'country' && t.value === mep.country) || (t.kind === 'body' && sitsOn(mep, t.value)) || (t.kind === 'group' && t.value === mep.group) || (t.kind === 'mep' && t.value === String(mep.id)));
}

/** The key bodies an MEP sits on (any role). */
export const keyBodiesOf = (bundle: CampaignBundle, mep: Mep): string[] => bundle.keyBodies.filter((code) => sitsOn(mep, code));
