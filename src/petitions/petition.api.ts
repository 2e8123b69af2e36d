// GET /api/v1/petitions/{slug}: the public count, for partner sites (CORS, ETag, kept by shared caches).
import type { Router } from 'express';
import { notFound } from '../web/app-error.ts';
import { publicCache } from '../web/cache-control.ts';
import { createRouter } from '../web/params.ts';
import type { PetitionDeps } from './petition-deps.ts';

export function petitionApi(deps: PetitionDeps): Router {
  const router = createRouter();
  router.use((_req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  });
  router.options('/petitions/:slug', (_req, res) => {
    res.setHeader('Access-Control-Max-Age', '86400');
    res.sendStatus(204);
  });
  router.get('/petitions/:slug', async (req, res) => {
    const petition = await deps.catalog.bySlug(String(req.params.slug)); // its shape checked by web/params.ts
    if (!petition) throw notFound();
    const counts = await deps.counts.get(petition.id);
    publicCache(res);
    res.json({ slug: petition.slug, signatureCount: counts.total, goal: petition.goal, byCountry: counts.byCountry, updatedAt: (counts.updatedAt ?? null) && counts.updatedAt?.toISOString() });
  });
  return router;
}
