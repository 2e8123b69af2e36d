// The petition pages: read, sign (POST → 303 or 422), check your email, resend the confirmation.
import type { Request, Response, Router } from 'express';
import { ttlCache } from '../lib/ttl-cache.ts';
import { followContent } from '../lib/content-version.ts';
import { notFound } from '../web/app-error.ts';
import { renderToString } from '../web/render-to-string.ts';
import { fillSlots, notModified, sendHtml, slotPage } from '../web/slotted-page.ts';
import { NO_STORE, publicCache } from '../web/cache-control.ts';
import { checkRenderTime, honeypotFilled, signRenderTime } from '../web/form-timing.ts';
import { setPagePath } from '../i18n/language-locals.ts';
import { seeOther } from '../web/see-other.ts';
import type { PetitionDeps } from './petition-deps.ts';
import { loadPetitionPage } from './load-petition-page.ts';
import { EMPTY_FORM, presentForm, presentPetitionPage, type FormView } from './present-petition.ts';
import { resendConfirmation } from './resend-confirmation.ts';
import { signPetition } from './sign-petition.ts';
import { formValues, parseSignForm } from './signature.schema.ts';

const TIME_SLOT = '__dauys_time_slot__';

const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

/** The slug's shape is checked before any handler runs (web/params.ts). */
const slugOf = (req: Request): string => String(req.params.slug);

/** Adds the petition pages to a /{lang} router. */
export function addPetitionPages(router: Router, deps: PetitionDeps): void {

  async function presentPage(res: Response, slug: string) {
    const data = await loadPetitionPage(deps, slug, res.locals.lang);
    if (!data) throw notFound();
    return presentPetitionPage({ ...data, lang: res.locals.lang, t: res.locals.t, formatNumber: res.locals.formatNumber, baseUrl: deps.config.baseUrl, now: deps.clock.now() });
  }

  /** The page with a filled-in form and its errors (never cached). */
  async function renderWithErrors(res: Response, slug: string, form: FormView): Promise<void> {
    const page = await presentPage(res, slug);
    setPagePath(res, `/petitions/${slug}`);
    res.setHeader('Cache-Control', NO_STORE);
    res.status(422).render('petitions/show', { page, form });
  }

  // The empty petition page is the same for every visitor of a language but for one value: the signed
  // render time. It is rendered at most once a second per language (like the counts it shows) and the
  // time is filled in for each request. An organiser's edit drops them (lib/content-version.ts).
  const emptyPages = followContent(deps.db, () => ttlCache(1000, async ({ res, slug }: { res: Response; slug: string }) => {
    const page = await presentPage(res, slug);
    const html = await renderToString(res, 'petitions/show', { page, form: presentForm(res.locals.t, EMPTY_FORM, [], TIME_SLOT) });
    return slotPage(html, { time: TIME_SLOT });
  }, { keyOf: ({ res, slug }) => `${slug}:${res.locals.lang}` }));

  router.get('/petitions/:slug', async (req, res) => {
    const slug = slugOf(req);
    setPagePath(res, `/petitions/${slug}`);
    const page = await (await emptyPages()).get({ res, slug });
    publicCache(res); // the same for everyone (a cached copy's render time is then its fill time)
    if (notModified(req, res, page)) return;
    sendHtml(res, fillSlots(page, { time: signRenderTime(deps.secrets.formKey, deps.clock.now()) }));
  });

  router.post('/petitions/:slug/signatures', async (req, res) => {
    const slug = slugOf(req);
    const fields = body(req);
    const checkEmail = `/${res.locals.lang}/petitions/${slug}/check-email`;
    if (honeypotFilled(fields)) return seeOther(res, checkEmail); // looks like success, stores nothing
    const parsed = parseSignForm(fields);
    if (!parsed.ok) {
      const rendered = typeof fields.rendered === 'string' ? fields.rendered.slice(0, 60) : signRenderTime(deps.secrets.formKey, deps.clock.now());
      return renderWithErrors(res, slug, presentForm(res.locals.t, formValues(fields), parsed.errors, rendered));
    }
    const timing = checkRenderTime(deps.secrets.formKey, fields.rendered, deps.clock.now());
    const result = await signPetition(deps, { slug, lang: res.locals.lang, form: parsed.value, ip: req.ip, timing });
    if (result.kind === 'not-found') throw notFound();
    if (result.kind === 'closed') return res.status(409).render('petitions/closed');
    seeOther(res, checkEmail);
  });

  router.get('/petitions/:slug/check-email', (req, res) => {
    res.render('petitions/check-email', { slug: slugOf(req) });
  });

  router.get('/petitions/:slug/resend', (req, res) => {
    res.render('petitions/resend', { slug: slugOf(req), email: '', error: undefined });
  });

  router.post('/petitions/:slug/resend', async (req, res) => {
    const slug = slugOf(req);
    const email = body(req).email;
    if (typeof email !== 'string' || email.trim() === '' || email.length > 254) {
      return res.status(422).render('petitions/resend', { slug, email: typeof email === 'string' ? email.slice(0, 254) : '', error: res.locals.t('petitions.errors.email') });
    }
    await resendConfirmation(deps, { slug, email: email.trim() });
    seeOther(res, `/${res.locals.lang}/petitions/${slug}/check-email`);
  });

}
