// GET /{lang}/: the campaign home, the call for the Zhanaozen list.
import type { Response, Router } from 'express';
import { ttlCache } from '../lib/ttl-cache.ts';
import { followContent } from '../lib/content-version.ts';
import { renderToString } from '../web/render-to-string.ts';
import type { Db } from '../db/knex.ts';
import { notFound } from '../web/app-error.ts';
import { publicCache } from '../web/cache-control.ts';
import { createRouter } from '../web/params.ts';
import { findCampaignText } from './campaign.repo.ts';
import { presentCampaign } from './present-campaign.ts';
import type { HomeExtras } from '../capability.ts';

export const DEFAULT_CAMPAIGN = 'zhanaozen';

export function homeRoutes(deps: { db: Db; homeExtras: HomeExtras }): Router {
  const router = createRouter();
  // The home page is the same for every visitor of a language (no form, no personal data): it is
  // rendered at most once a second per language, as fresh as the count it shows, and again at once
  // after an organiser's edit (lib/content-version.ts).
  const pages = followContent(deps.db, () => ttlCache(
    1000,
    async (res: Response) => {
      const campaign = await findCampaignText(deps.db, DEFAULT_CAMPAIGN, res.locals.lang);
      if (!campaign) throw notFound();
      const extras = await deps.homeExtras(res.locals.lang);
      return renderToString(res, 'campaign/home', { campaign: presentCampaign(campaign, (n) => res.locals.t('campaign.sourceRef', { n })), ...extras });
    },
    { keyOf: (res) => res.locals.lang },
  ));
  router.get('/', async (_req, res) => {
    const html = await (await pages()).get(res);
    publicCache(res); // the same for everyone; Express adds a weak ETag and answers 304s
    res.type('html').send(html);
  });
  return router;
}
