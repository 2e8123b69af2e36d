// The embed for partner sites' <iframe>s, under /embed/{lang}/petitions/{slug}: the count, the goal and a
// compact signing form that works without JavaScript. It posts to our own origin from inside the frame
// (so the cross-origin check sees same-origin and no cookie is needed) and answers, framable by the
// same partners, with 303 to a check-email page or 422 with the values kept. Nothing here sets a cookie.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response, Router } from 'express';
import { setLanguageLocals } from '../i18n/language-locals.ts';
import type { Lang } from '../i18n/languages.ts';
import { ttlCache } from '../lib/ttl-cache.ts';
import { formValues, loadPetitionPage, parseSignForm, signPetition } from '../petitions/index.ts';
import { notFound } from '../web/app-error.ts';
import { NO_STORE, publicCache } from '../web/cache-control.ts';
import { checkRenderTime, honeypotFilled, signRenderTime } from '../web/form-timing.ts';
import { createRouter } from '../web/params.ts';
import { renderToString } from '../web/render-to-string.ts';
import { seeOther } from '../web/see-other.ts';
import { fillSlots, sendHtml, slotPage } from '../web/slotted-page.ts';
import type { EmbedDeps } from './embed-deps.ts';
import { allowFraming, frameAncestors } from './frame-policy.ts';
import { EMPTY_VALUES, presentEmbed, presentEmbedForm, type EmbedFormView } from './present-embed.ts';

const TIME_SLOT = '__dauys_embed_time__';
const PAGE = '/embed/:lang/petitions/:slug';

const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const slugOf = (req: Request): string => String(req.params.slug); // its shape checked by web/params.ts

export function embedRoutes(deps: EmbedDeps): Router {
  const router = createRouter();

  /** The embed's language (checked by web/params.ts), its translator and formatters. */
  const withLang = (req: Request, res: Response, next: NextFunction) => {
    setLanguageLocals(res, deps.i18n, String(req.params.lang) as Lang, `/petitions/${slugOf(req)}`);
    next();
  };

  async function load(res: Response, slug: string) {
    const data = await loadPetitionPage(deps.petitions, slug, res.locals.lang);
    if (!data) throw notFound();
    const { lang, t, formatNumber } = res.locals;
    return { petitionId: data.petition.id, page: presentEmbed({ data, lang, t, formatNumber, now: deps.clock.now() }) };
  }

  /** The partners of a petition, set on this response as its frame-ancestors. */
  async function frameFor(res: Response, petitionId: number): Promise<string[]> {
    const origins = await deps.partners.get(petitionId);
    allowFraming(res, origins);
    return origins;
  }

  // The empty embed is the same for every visitor of a language but for the signed render time:
  // rendered at most once a second per petition and language.
  const emptyPages = ttlCache(1000, async ({ res, slug }: { res: Response; slug: string }) => {
    const { petitionId, page } = await load(res, slug);
    const html = await renderToString(res, 'embeds/show', { page, form: presentEmbedForm(res.locals.t, EMPTY_VALUES, [], TIME_SLOT) });
    return { petitionId, page: slotPage(html, { time: TIME_SLOT }) };
  }, { keyOf: ({ res, slug }) => `${slug}:${res.locals.lang}` });

  router.get(PAGE, withLang, async (req, res) => {
    const { petitionId, page } = await emptyPages.get({ res, slug: slugOf(req) });
    const origins = await frameFor(res, petitionId);
    publicCache(res); // the same for everyone; the partner list is part of it, so it is part of the validator
    res.setHeader('ETag', `W/"${createHash('sha256').update(page.etag).update(frameAncestors(origins)).digest('base64url').slice(0, 27)}"`);
    if (req.fresh) return void res.status(304).end();
    sendHtml(res, fillSlots(page, { time: signRenderTime(deps.secrets.formKey, deps.clock.now()) }));
  });

  router.post(`${PAGE}/signatures`, withLang, async (req, res) => {
    const slug = slugOf(req);
    const petition = await deps.petitions.catalog.bySlug(slug);
    if (!petition) throw notFound();
    await frameFor(res, petition.id);
    res.setHeader('Cache-Control', NO_STORE);
    const fields = body(req);
    const checkEmail = `/embed/${res.locals.lang}/petitions/${slug}/check-email`;
    if (honeypotFilled(fields)) return seeOther(res, checkEmail); // looks like success, stores nothing
    const parsed = parseSignForm(fields);
    if (!parsed.ok) {
      const rendered = typeof fields.rendered === 'string' ? fields.rendered.slice(0, 60) : signRenderTime(deps.secrets.formKey, deps.clock.now());
      return renderWithErrors(res, slug, presentEmbedForm(res.locals.t, formValues(fields), parsed.errors, rendered));
    }
    const timing = checkRenderTime(deps.secrets.formKey, fields.rendered, deps.clock.now());
    const result = await signPetition(deps.petitions, { slug, lang: res.locals.lang, form: parsed.value, ip: req.ip, timing });
    if (result.kind === 'not-found') throw notFound();
    if (result.kind === 'closed') return res.status(409).render('embeds/closed', { slug });
    seeOther(res, checkEmail); // the same answer whether or not the address had signed
  });

  async function renderWithErrors(res: Response, slug: string, form: EmbedFormView): Promise<void> {
    const { page } = await load(res, slug);
    res.status(422).render('embeds/show', { page, form });
  }

  router.get(`${PAGE}/check-email`, withLang, async (req, res) => {
    const slug = slugOf(req);
    const petition = await deps.petitions.catalog.bySlug(slug);
    if (!petition) throw notFound();
    await frameFor(res, petition.id);
    res.setHeader('Cache-Control', NO_STORE);
    res.render('embeds/check-email', { slug });
  });

  return router;
}
