// The letter tool: GET /{lang}/letters (choose MEPs, write your paragraph; the same for everyone, so
// kept by shared caches), POST …/drafts (each letter, its mailto: link, its PDF, and sending through
// Dauys), POST …/send (ask Dauys to send them after a confirmation) and POST …/pdf (a letter to print).
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { setPagePath } from '../i18n/language-locals.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { ttlCache } from '../lib/ttl-cache.ts';
import { AppError, notFound } from '../web/app-error.ts';
import { noStore, publicCache } from '../web/cache-control.ts';
import { honeypotFilled } from '../web/form-timing.ts';
import { parseQuery } from '../web/query.ts';
import { renderToString } from '../web/render-to-string.ts';
import { letterBodies } from './letter-body.ts';
import type { CampaignBundle } from './letter-catalog.ts';
import type { LetterDeps } from './letter-deps.ts';
import { formValues, letterLanguages, listFilter, parseLetterForm, type FieldError, type LetterForm } from './letter-form.schema.ts';
import { letterPdf } from './letter-pdf.ts';
import { prepareLetters, type PreparedLetter } from './prepare-letters.ts';
import { presentDrafts } from './present-drafts.ts';
import { defaultFilter, EMPTY_VALUES, presentForm, presentToolPage } from './present-tool.ts';
import { requestLetters } from './request-letters.ts';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
/** The filter form sends "" for "any": read as absent. */
const optional = (schema: z.ZodString) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const toolQuery = z.object({
  campaign: optional(z.string().regex(SLUG)),
  country: optional(z.string().regex(/^[A-Z]{2}$/)),
  body: optional(z.string().regex(/^[A-Z][A-Z-]{1,7}$/)),
});

const fieldsOf = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

export interface ToolRoutes {
  /** GET /letters, on the /{lang} router. */
  page(router: Router): void;
  /** The POSTs, on the /{lang} router that runs before the shared form-body parser (see letter-body.ts). */
  forms(router: Router): void;
}

export function toolRoutes(deps: LetterDeps): ToolRoutes {
  async function campaignFor(slug: unknown): Promise<CampaignBundle> {
    const bundle = typeof slug === 'string' && SLUG.test(slug) ? await deps.catalog.bySlug(slug) : slug === undefined || slug === '' ? await deps.catalog.featured() : undefined;
    if (!bundle) throw notFound();
    return bundle;
  }

  async function renderTool(res: Response, bundle: CampaignBundle, filter: { country?: string; body?: string }, form = presentForm(res.locals.t, EMPTY_VALUES, [])) {
    const snapshot = await deps.directory.snapshot();
    const chosen = filter.country || filter.body ? filter : form.values.meps.length > 0 ? {} : defaultFilter(res.locals.lang, bundle, snapshot);
    // The filter form shows what the visitor asked for, or the suggested country; a default list of a
    // body is not pre-selected (choosing a country then shows that country's MEPs, not an intersection).
    const selected = filter.country || filter.body ? filter : chosen.country ? { country: chosen.country } : {};
    return { page: presentToolPage({ t: res.locals.t, lang: res.locals.lang, bundle, snapshot, filter: chosen, selected, form }) };
  }

  // The same for every visitor of a language and list: rendered at most once a second.
  const pages = ttlCache(1000, async ({ res, bundle, filter }: { res: Response; bundle: CampaignBundle; filter: { country?: string; body?: string } }) => renderToString(res, 'letters/tool', await renderTool(res, bundle, filter)), {
    keyOf: ({ res, bundle, filter }) => `${res.locals.lang}:${bundle.campaign.slug}:${filter.country ?? ''}:${filter.body ?? ''}`,
  });

  const page = (router: Router) => router.get('/letters', async (req, res) => {
    const query = parseQuery(req, toolQuery);
    const bundle = await campaignFor(query.campaign);
    const html = await pages.get({ res, bundle, filter: { ...(query.country ? { country: query.country } : {}), ...(query.body ? { body: query.body } : {}) } });
    publicCache(res);
    res.type('html').send(html);
  });

  /** The tool page again, with the visitor's values and what is wrong (never cached). */
  async function invalid(res: Response, bundle: CampaignBundle, fields: Record<string, unknown>, errors: FieldError[]) {
    setPagePath(res, '/letters');
    noStore(res);
    res.status(422).render('letters/tool', await renderTool(res, bundle, listFilter(fields), presentForm(res.locals.t, formValues(fields), errors)));
  }

  /** Parses and composes; answers the 422 or 409 itself and returns undefined when it did. */
  async function prepared(res: Response, fields: Record<string, unknown>): Promise<{ bundle: CampaignBundle; form: LetterForm; letters: PreparedLetter[] } | undefined> {
    const bundle = await campaignFor(fields.campaign);
    if (bundle.campaign.status !== 'open') {
      res.status(409).render('letters/closed');
      return undefined;
    }
    const parsed = parseLetterForm(fields);
    if (!parsed.ok) return void (await invalid(res, bundle, fields, parsed.errors));
    const result = await prepareLetters(deps, bundle, parsed.value, letterLanguages(fields));
    if (!result.ok) return void (await invalid(res, bundle, fields, result.errors));
    return { bundle, form: parsed.value, letters: result.letters };
  }

  const body = letterBodies();
  const forms = (router: Router) => {
    router.post('/letters/drafts', body, async (req, res) => {
      const ready = await prepared(res, fieldsOf(req));
      if (!ready) return;
      const eligibility = await deps.eligibility(ready.letters.map((l) => l.mep.id), ready.form.personal);
      setPagePath(res, '/letters');
      noStore(res);
      res.render('letters/drafts', { page: presentDrafts({ t: res.locals.t, lang: res.locals.lang, slug: ready.bundle.campaign.slug, form: ready.form, letters: ready.letters, eligibility }) });
    });

    router.post('/letters/send', body, async (req, res) => {
      const fields = fieldsOf(req);
      setPagePath(res, '/letters');
      noStore(res);
      if (honeypotFilled(fields)) return res.render('letters/check-email', { refused: [] }); // looks like success, stores nothing
      const ready = await prepared(res, fields);
      if (!ready) return;
      const result = await requestLetters(deps, { bundle: ready.bundle, lang: res.locals.lang, form: ready.form, letters: ready.letters, consentText: res.locals.t('letters.form.consent'), ip: req.ip });
      if (result.kind === 'closed') return res.status(409).render('letters/closed');
      if (result.kind === 'rate-limited') throw new AppError(429, 'errors.tooMany.message');
      const page = presentDrafts({ t: res.locals.t, lang: res.locals.lang, slug: ready.bundle.campaign.slug, form: ready.form, letters: ready.letters, eligibility: result.eligibility });
      if (result.kind === 'none-eligible') return res.status(422).render('letters/drafts', { page, notice: res.locals.t('letters.drafts.noneEligible') });
      res.render('letters/check-email', { refused: page.drafts.filter((d) => d.eligibility !== 'ok') });
    });

    router.post('/letters/pdf', body, async (req, res) => {
      const fields = fieldsOf(req);
      const ready = await prepared(res, fields);
      if (!ready) return;
      const wanted = typeof fields.pdf === 'string' ? Number(fields.pdf) : ready.letters[0]?.mep.id;
      const chosen = ready.letters.find((l) => l.mep.id === wanted);
      if (!chosen) return invalid(res, ready.bundle, fields, [{ field: 'mep', key: 'letters.errors.mepUnknown' }]);
      const pdf = await letterPdf({ t: translatorFor(deps.i18n, chosen.letter.lang), letter: chosen.letter, mep: chosen.mep, sender: { name: ready.form.name, country: ready.form.country }, date: deps.clock.now() });
      const file = `letter-${chosen.mep.familyName.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || chosen.mep.id}.pdf`;
      noStore(res);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
      res.send(pdf);
    });
  };
  return { page, forms };
}
