// The emailed links. GET only shows a button (mail scanners follow links); POST acts.
import type { Request, RequestHandler, Router } from 'express';
import { NO_STORE, publicCache } from '../web/cache-control.ts';
import { seeOther } from '../web/see-other.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { confirmSignature } from './confirm-signature.ts';
import { withdrawSignature } from './withdraw-signature.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const tokenOf = (req: Request): string | undefined => (typeof req.params.token === 'string' && TOKEN.test(req.params.token) ? req.params.token : undefined);

export function addLinkPages(router: Router, deps: PetitionDeps): void {
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', NO_STORE);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    next();
  };
  router.use(['/confirm/:token', '/withdraw/:token'], noStore);

  router.get('/confirm/:token', (req, res) => {
    res.render('petitions/confirm', { action: req.originalUrl.split('?')[0] });
  });

  router.post('/confirm/:token', async (req, res) => {
    const token = tokenOf(req);
    const result = token ? await confirmSignature(deps, token) : ({ kind: 'invalid' } as const);
    if (result.kind === 'invalid') return res.status(410).render('petitions/link-invalid');
    seeOther(res, `/${res.locals.lang}/petitions/${result.slug}/thank-you`);
  });

  router.get('/withdraw/:token', (req, res) => {
    res.render('petitions/withdraw', { action: req.originalUrl.split('?')[0] });
  });

  router.post('/withdraw/:token', async (req, res) => {
    const token = tokenOf(req);
    const result = token ? await withdrawSignature(deps, token) : ({ kind: 'invalid' } as const);
    if (result.kind === 'invalid') return res.status(410).render('petitions/link-invalid');
    seeOther(res, `/${res.locals.lang}/withdrawn`);
  });

  router.get('/withdrawn', (_req, res) => {
    publicCache(res);
    res.render('petitions/withdrawn');
  });

}
