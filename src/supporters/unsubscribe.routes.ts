// The unsubscribe link of an update: GET shows a page with a button and changes nothing (mail scanners
// follow links); POST unsubscribes, the same on every repeat, and answers 200 with a page. Mounted before
// the form-body parser (the `uploads` hook), because RFC 8058 clients POST `List-Unsubscribe=One-Click`
// either urlencoded or as multipart/form-data, without Origin or Sec-Fetch-Site (which the global
// cross-origin check lets through): the body is not needed (the token in the path says who), so it is
// drained unread. A browser's cross-site POST is still refused by that check.
import type { Request, RequestHandler, Router } from 'express';
import { AppError } from '../web/app-error.ts';
import { NO_STORE } from '../web/cache-control.ts';
import type { SupporterDeps } from './supporter-deps.ts';
import { isKnownToken, unsubscribe } from './unsubscribe.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const tokenOf = (req: Request): string | undefined => (typeof req.params.token === 'string' && TOKEN.test(req.params.token) ? req.params.token : undefined);
/** A one-click body is a few dozen bytes; anything past this is not read at all. */
const BODY_LIMIT = 4096;

const drainBody: RequestHandler = (req, _res, next) => {
  if (req.complete) return next();
  let seen = 0;
  let done = false;
  const finish = (error?: unknown) => {
    if (done) return;
    done = true;
    next(error);
  };
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > BODY_LIMIT) finish(new AppError(413, 'errors.badRequest.message'));
  });
  req.once('end', () => finish());
  req.once('error', finish);
};

export function addUnsubscribeRoutes(router: Router, deps: SupporterDeps): void {
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', NO_STORE);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    next();
  };
  router.use('/unsubscribe/:token', noStore);

  router.get('/unsubscribe/:token', async (req, res) => {
    const token = tokenOf(req);
    if (!token || !(await isKnownToken(deps, token))) return void res.status(410).render('supporters/link-invalid');
    res.render('supporters/unsubscribe', { action: req.originalUrl.split('?')[0] });
  });

  router.post('/unsubscribe/:token', drainBody, async (req, res) => {
    const token = tokenOf(req);
    const result = token ? await unsubscribe(deps, token) : ({ kind: 'invalid' } as const);
    if (result.kind === 'invalid') return void res.status(410).render('supporters/link-invalid');
    res.render('supporters/unsubscribed');
  });
}
