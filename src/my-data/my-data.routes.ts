// The supporter's own data on the /{lang} router. GET/POST /my-data: the form, and for every address the
// same 303 to /my-data/sent. The emailed link: GET /my-data/:token (what is held), GET
// /my-data/:token/download (the same as JSON), POST /my-data/:token/erase (303 to /my-data/erased). Link
// pages are never stored by any cache, send no referrer, and show nothing without a live token.
import type { Request, RequestHandler, Response, Router } from 'express';
import { NO_STORE, publicCache } from '../web/cache-control.ts';
import { seeOther } from '../web/see-other.ts';
import type { MyDataDeps } from './my-data-deps.ts';
import { MyDataForm, typedEmail } from './my-data.schema.ts';
import { LINK_MINUTES } from './my-data-jobs.ts';
import { eraseMyData, openMyData } from './open-my-data.ts';
import { heldJson, presentHeld } from './present-held.ts';
import { requestMyData } from './request-my-data.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const tokenOf = (req: Request): string | undefined => (typeof req.params.token === 'string' && TOKEN.test(req.params.token) ? req.params.token : undefined);

const linkHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', NO_STORE);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  next();
};

const renderForm = (res: Response, status: number, email: string, error: string | undefined) => res.status(status).render('my-data/form', { email, error });
const invalidLink = (res: Response) => res.status(410).render('my-data/link-invalid');

export function addMyDataPages(router: Router, deps: MyDataDeps): void {
  router.get('/my-data', (_req, res) => {
    publicCache(res);
    renderForm(res, 200, '', undefined);
  });

  router.post('/my-data', async (req, res) => {
    const form = MyDataForm.safeParse(req.body ?? {});
    const result = form.success ? await requestMyData(deps, { email: form.data.email, lang: res.locals.lang, ip: req.ip }) : ({ kind: 'invalid' } as const);
    if (result.kind === 'invalid') return renderForm(res, 422, typedEmail(req.body), res.locals.t('my-data.errors.email'));
    seeOther(res, `/${res.locals.lang}/my-data/sent`);
  });

  router.get('/my-data/sent', (_req, res) => {
    publicCache(res);
    res.render('my-data/sent', { minutes: LINK_MINUTES });
  });

  router.get('/my-data/erased', (_req, res) => {
    publicCache(res);
    res.render('my-data/erased');
  });

  router.use('/my-data/:token', linkHeaders);

  router.get('/my-data/:token', async (req, res) => {
    const token = tokenOf(req);
    const described = token ? await openMyData(deps, token) : undefined;
    if (!token || !described) return invalidLink(res);
    const base = `/${res.locals.lang}/my-data/${token}`;
    res.render('my-data/held', { held: presentHeld(res.locals.t, res.locals.lang, described), downloadHref: `${base}/download`, eraseAction: `${base}/erase` });
  });

  router.get('/my-data/:token/download', async (req, res) => {
    const token = tokenOf(req);
    const described = token ? await openMyData(deps, token) : undefined;
    if (!token || !described) return invalidLink(res);
    res.setHeader('Content-Disposition', 'attachment; filename="dauys-my-data.json"');
    res.type('application/json').send(heldJson(described, deps.clock.now()));
  });

  router.post('/my-data/:token/erase', async (req, res) => {
    const token = tokenOf(req);
    const erased = token ? await eraseMyData(deps, token) : undefined;
    if (!erased) return invalidLink(res);
    seeOther(res, `/${res.locals.lang}/my-data/erased`);
  });
}
