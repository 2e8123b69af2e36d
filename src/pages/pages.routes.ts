// Static pages in every language: the privacy notice.
import { Router } from 'express';

export function pageRoutes(): Router {
  const router = Router();
  router.get('/privacy', (_req, res) => {
    res.render('pages/privacy');
  });
  return router;
}
