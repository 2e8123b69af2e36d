// GET /api/v1/meps: the sitting MEPs as JSON, filtered by country, body (committee or delegation) and
// group. The same for everyone, so shared caches keep it; e-mail addresses are not published here.
import type { Router } from 'express';
import { z } from 'zod';
import { publicCache } from '../web/cache-control.ts';
import { createRouter } from '../web/params.ts';
import { parseQuery } from '../web/query.ts';
import { sittingMeps, type MepDirectory } from './mep-directory.ts';

const querySchema = z.object({
  country: z.string().regex(/^[A-Za-z]{2}$/).transform((v) => v.toUpperCase()).optional(),
  body: z.string().regex(/^[A-Za-z][A-Za-z-]{1,7}$/).transform((v) => v.toUpperCase()).optional(),
  group: z.string().min(1).max(16).regex(/^[A-Za-z&/ ]+$/).optional(),
});

export function mepsApi(directory: MepDirectory): Router {
  const router = createRouter();
  router.use('/meps', (_req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  });
  router.options('/meps', (_req, res) => {
    res.setHeader('Access-Control-Max-Age', '86400');
    res.sendStatus(204);
  });
  router.get('/meps', async (req, res) => {
    const filter = parseQuery(req, querySchema);
    const snapshot = await directory.snapshot();
    const meps = sittingMeps(snapshot, filter).map((m) => ({ id: m.id, fullName: m.fullName, country: m.country, group: m.group, committees: m.committees, delegations: m.delegations }));
    publicCache(res);
    res.json(meps);
  });
  return router;
}
