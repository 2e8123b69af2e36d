// GET /{lang}/letters/map: the pressure map, the same for everyone (rendered at most once every two
// seconds per language and campaign, kept by shared caches).
import type { Response, Router } from 'express';
import { z } from 'zod';
import { ttlCache } from '../lib/ttl-cache.ts';
import { notFound } from '../web/app-error.ts';
import { publicCache } from '../web/cache-control.ts';
import { parseQuery } from '../web/query.ts';
import { renderToString } from '../web/render-to-string.ts';
import type { CampaignBundle } from './letter-catalog.ts';
import type { LetterDeps } from './letter-deps.ts';
import { countsByMep } from './letters.repo.ts';
import { positionsOf } from './positions.repo.ts';
import { presentMap } from './present-map.ts';

const mapQuery = z.object({ campaign: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/).optional() });

export function addMapPage(router: Router, deps: LetterDeps): void {
  const pages = ttlCache(
    2000,
    async ({ res, bundle }: { res: Response; bundle: CampaignBundle }) => {
      const [snapshot, counts, positions] = await Promise.all([deps.directory.snapshot(), countsByMep(deps.db, bundle.campaign.id), positionsOf(deps.db, bundle.campaign.id)]);
      const text = bundle.texts.get(res.locals.lang) ?? bundle.texts.get('en')!;
      return renderToString(res, 'letters/map', { slug: bundle.campaign.slug, title: text.title, map: presentMap({ t: res.locals.t, lang: res.locals.lang, snapshot, counts, positions }) });
    },
    { keyOf: ({ res, bundle }) => `${res.locals.lang}:${bundle.campaign.slug}` },
  );

  router.get('/letters/map', async (req, res) => {
    const { campaign } = parseQuery(req, mapQuery);
    const bundle = campaign ? await deps.catalog.bySlug(campaign) : await deps.catalog.featured();
    if (!bundle) throw notFound();
    const html = await pages.get({ res, bundle });
    publicCache(res);
    res.type('html').send(html);
  });
}
