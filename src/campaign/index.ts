// The campaign capability: the home page (the call for the Zhanaozen list) and its default content.
import type { Capability } from '../capability.ts';
import { homeRoutes } from './home.routes.ts';
import { loadDefaultCampaigns } from './load-default-campaigns.ts';

export { DEFAULT_CAMPAIGN } from './home.routes.ts';
/** Paragraphs with [n] source references, for other capabilities' campaign texts. */
export { toSegments, type Segment } from './present-campaign.ts';

export const campaignCapability: Capability = {
  name: 'campaign',
  loadDefaultContent: async (db) => void (await loadDefaultCampaigns(db)),
  web: (deps, site) => ({ pages: (router) => router.use(homeRoutes({ db: deps.db, homeExtras: site.homeExtras })), sitemap: async () => ['/'] }),
};
