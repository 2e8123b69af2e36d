// The campaign capability: the home page and its default content.
import type { Lang } from '../i18n/languages.ts';

export { homeRoutes, DEFAULT_CAMPAIGN } from './home.routes.ts';
export { loadDefaultCampaigns } from './load-default-campaigns.ts';

/** What other capabilities add to the home page (the live count, the ways to act). */
export type HomeExtras = (lang: Lang) => Promise<Record<string, unknown>>;
