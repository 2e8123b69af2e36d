// GET /{lang}/: the campaign home, the call for the Zhanaozen list.
import { Router } from 'express';
import type { Db } from '../db/knex.ts';
import { notFound } from '../web/app-error.ts';
import { findCampaignText } from './campaign.repo.ts';
import { presentCampaign } from './present-campaign.ts';
import type { HomeExtras } from './index.ts';

export const DEFAULT_CAMPAIGN = 'zhanaozen';

export function homeRoutes(deps: { db: Db; homeExtras: HomeExtras }): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (_req, res) => {
    const campaign = await findCampaignText(deps.db, DEFAULT_CAMPAIGN, res.locals.lang);
    if (!campaign) throw notFound();
    const extras = await deps.homeExtras(res.locals.lang);
    res.render('campaign/home', { campaign: presentCampaign(campaign), ...extras });
  });
  return router;
}
