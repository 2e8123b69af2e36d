// The organisers' update pages under /admin (organisers and admins): the list with progress, compose
// (per language, Markdown), preview, counts per language, a test to oneself, and send.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { adminActor, currentAdmin, renderAdminError, requireRole } from '../admin/index.ts';
import { LANGS } from '../i18n/languages.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import { createUpdate, editUpdate, sendUpdate } from './manage-update.ts';
import { languageOptions, presentCounts, presentForm, presentList, presentPreviews, presentProgress } from './present-updates.ts';
import { countEligibleByLang, progressOf } from './recipients.repo.ts';
import { sendTestUpdate } from './send-test-update.ts';
import type { SupporterDeps } from './supporter-deps.ts';
import { parseUpdateForm, updateFormValues, valuesOf, type FormError, type UpdateFormValues } from './update.schema.ts';
import { findUpdate, listUpdates } from './updates.repo.ts';

const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const pageQuery = z.object({ done: z.enum(['created', 'saved', 'tested', 'queued', 'test-failed']).optional() });
const testBody = z.object({ lang: z.enum(LANGS) });
/** The update's id from the path (an int column: a larger number is no update at all). */
const idOf = (req: Request): number => {
  const id = Number(req.params.id);
  return Number.isSafeInteger(id) && id <= 2_147_483_647 ? id : 0;
};

export function addUpdatesAdminRoutes(router: Router, deps: SupporterDeps): void {
  const organisers = requireRole('organiser', 'admin');

  async function renderUpdate(res: Response, id: number, options: { status?: number; values?: UpdateFormValues; errors?: FormError[]; done?: string } = {}) {
    const update = id > 0 ? await findUpdate(deps.db, id) : undefined;
    if (!update) return renderAdminError(res, 404, 'supporters.errors.notFound');
    const { t, formatNumber } = res.locals;
    // Counted over every signature: the organisers' pool without the request statement timeout.
    const [eligible, progress] = await Promise.all([countEligibleByLang(deps.bulkDb), progressOf(deps.bulkDb, [id])]);
    res.status(options.status ?? 200).render('supporters/admin/update', {
      update: { id: update.id, draft: update.status === 'draft', inProgress: update.status === 'queued' || update.status === 'sending', ...presentProgress(t, formatNumber, update, progress.get(id)) },
      form: presentForm(t, options.values ?? valuesOf(update), options.errors),
      counts: presentCounts(t, formatNumber, update, eligible),
      previews: presentPreviews(t, update),
      testLanguages: languageOptions(t, update),
      ownAddress: currentAdmin(res).email,
      done: options.done,
    });
  }

  router.get('/updates', organisers, async (_req, res) => {
    const updates = await listUpdates(deps.db, 50);
    const progress = await progressOf(deps.bulkDb, updates.map((u) => u.id));
    const { t, formatNumber, formatDate } = res.locals;
    res.render('supporters/admin/index', { updates: presentList(t, formatNumber, updates, progress, formatDate) });
  });

  router.get('/updates/new', organisers, (_req, res) => {
    res.render('supporters/admin/new', { form: presentForm(res.locals.t, { fallback: 'english' }) });
  });

  router.post('/updates', organisers, async (req, res) => {
    const values = updateFormValues(body(req));
    const parsed = parseUpdateForm(values);
    if (!parsed.ok) return void res.status(422).render('supporters/admin/new', { form: presentForm(res.locals.t, values, parsed.errors) });
    const id = await createUpdate(deps, { actor: adminActor(res), fallback: parsed.fallback, texts: parsed.texts });
    seeOther(res, `/admin/updates/${id}?done=created`);
  });

  router.get('/updates/:id', organisers, async (req, res) => {
    await renderUpdate(res, idOf(req), { done: parseQuery(req, pageQuery).done });
  });

  router.post('/updates/:id', organisers, async (req, res) => {
    const id = idOf(req);
    const values = updateFormValues(body(req));
    const parsed = parseUpdateForm(values);
    if (!parsed.ok) return void (await renderUpdate(res, id, { status: 422, values, errors: parsed.errors }));
    const result = await editUpdate(deps, id, { actor: adminActor(res), fallback: parsed.fallback, texts: parsed.texts });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'supporters.errors.notFound');
    if (result.kind === 'not-draft') return renderAdminError(res, 409, 'supporters.errors.notDraft');
    seeOther(res, `/admin/updates/${id}?done=saved`);
  });

  router.post('/updates/:id/test', organisers, async (req, res) => {
    const id = idOf(req);
    const parsed = testBody.safeParse(body(req));
    if (!parsed.success) return void (await renderUpdate(res, id, { status: 422, errors: [{ field: 'test-lang', key: 'supporters.form.errors.testLang' }] }));
    const result = await sendTestUpdate(deps, { id, lang: parsed.data.lang, to: currentAdmin(res).email, actor: adminActor(res) });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'supporters.errors.notFound');
    if (result.kind === 'no-text') return void (await renderUpdate(res, id, { status: 422, errors: [{ field: 'test-lang', key: 'supporters.form.errors.testLang' }] }));
    seeOther(res, `/admin/updates/${id}?done=${result.kind === 'sent' ? 'tested' : 'test-failed'}`);
  });

  router.post('/updates/:id/send', organisers, async (req, res) => {
    const id = idOf(req);
    const result = await sendUpdate(deps, id, adminActor(res));
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'supporters.errors.notFound');
    if (result.kind === 'not-draft') return renderAdminError(res, 409, 'supporters.errors.notDraft');
    if (result.kind === 'empty') return void (await renderUpdate(res, id, { status: 422, errors: [{ field: 'subject_en', key: 'supporters.form.errors.empty' }] }));
    seeOther(res, `/admin/updates/${id}?done=queued`);
  });

}
