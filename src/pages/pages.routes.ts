// Static pages in every language: the privacy notice.
import type { Router } from 'express';
import { publicCache } from '../web/cache-control.ts';
import { createRouter } from '../web/params.ts';

export function pageRoutes(): Router {
  const router = createRouter();
  router.get('/privacy', (_req, res) => {
    publicCache(res);
    res.render('pages/privacy');
  });
  return router;
}
