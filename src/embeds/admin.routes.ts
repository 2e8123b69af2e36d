// The organisers' embed pages under /admin (organisers and admins): the petitions, and per petition the
// partner sites that may frame its embed (one origin a line; 422 with the text kept), with the snippets
// to paste. Saving writes the audit log in the same transaction.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { adminActor, renderAdminError, requireRole } from '../admin/index.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { LANGS } from '../i18n/languages.ts';
import { listPetitionSummaries } from '../petitions/index.ts';
import { createRouter } from '../web/params.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import type { EmbedDeps } from './embed-deps.ts';
import { listPartnerOrigins } from './partners.repo.ts';
import { MAX_ORIGINS, parseOriginList, type OriginLineError } from './partner-origins.schema.ts';
import { presentSnippets } from './present-snippets.ts';
import { savePartnerOrigins } from './save-partner-origins.ts';

const pageQuery = z.object({ saved: z.literal('1').optional() });
const MAX_TEXT = 8000;
const NOT_FOUND = 'admin.errors.notFound';

export function embedAdminRoutes(deps: EmbedDeps): Router {
  const router = createRouter();
  const organisers = requireRole('organiser', 'admin');

  router.get('/embeds', organisers, async (_req, res) => {
    res.render('embeds/admin/index', { petitions: await listPetitionSummaries(deps.db, res.locals.lang) });
  });

  async function render(req: Request, res: Response, status: number, form: { text: string; errors: readonly OriginLineError[]; saved: boolean }) {
    const slug = String(req.params.slug); // its shape checked by web/params.ts
    const petition = await deps.petitions.catalog.bySlug(slug);
    if (!petition) return renderAdminError(res, 404, NOT_FOUND);
    const titles = new Map((await Promise.all(LANGS.map(async (l) => [l, (await deps.petitions.catalog.text(petition.id, l))?.title ?? slug] as const))));
    const t = res.locals.t;
    const errors = form.errors.map((e) => ({ field: 'origins', message: e.line ? `${e.line}: ${t(e.key)}` : t(e.key, { max: MAX_ORIGINS }) }));
    res.status(status).render('embeds/admin/petition', {
      slug,
      title: titles.get(res.locals.lang) ?? slug,
      text: form.text,
      errors,
      saved: form.saved,
      max: MAX_ORIGINS,
      snippets: presentSnippets({ baseUrl: deps.config.baseUrl, slug, title: (l) => titles.get(l) ?? slug, t: (l) => translatorFor(deps.i18n, l) }),
    });
  }

  router.get('/embeds/:slug', organisers, async (req, res) => {
    const query = parseQuery(req, pageQuery);
    const petition = await deps.petitions.catalog.bySlug(String(req.params.slug));
    if (!petition) return renderAdminError(res, 404, NOT_FOUND);
    const origins = await listPartnerOrigins(deps.db, petition.id);
    await render(req, res, 200, { text: origins.join('\n'), errors: [], saved: query.saved === '1' });
  });

  router.post('/embeds/:slug', organisers, async (req, res) => {
    const slug = String(req.params.slug);
    const petition = await deps.petitions.catalog.bySlug(slug);
    if (!petition) return renderAdminError(res, 404, NOT_FOUND);
    const raw = (req.body as Record<string, unknown> | undefined)?.origins;
    const text = typeof raw === 'string' ? raw.slice(0, MAX_TEXT) : '';
    const parsed = parseOriginList(text);
    if (!parsed.ok) return render(req, res, 422, { text, errors: parsed.errors, saved: false });
    await savePartnerOrigins(deps, { actor: adminActor(res), petitionId: petition.id, origins: parsed.origins });
    seeOther(res, `/admin/embeds/${slug}?saved=1`);
  });

  return router;
}
