// The organisers' list pages (/admin/list…, organisers and admins): entries and their states; a new entry;
// an entry with every version in full, its history, the edit form, and the review actions. Publishing needs
// a second organiser (the use-cases and the database refuse the author and the submitter). Every action is
// in the audit log.
import type { Request, Response, Router } from 'express';
import { adminActor, audit, currentAdmin, renderAdminError, requireRole } from '../admin/index.ts';
import { LANGS } from '../i18n/languages.ts';
import { z } from 'zod';
import { createRouter } from '../web/params.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import { approveVersion } from './approve-version.ts';
import { allEntries, entryById, eventsOf, reportLinksOf, submitterOf, versionOf, versionsOf } from './entries.repo.ts';
import { formValuesFromContent, formValuesOf, parseEntryForm, TEXT_MAX, type EntryFormValues, type FormError } from './entry-form.ts';
import { linkEntryToReport, unlinkEntryFromReport } from './link-report.ts';
import type { ListDeps } from './list-deps.ts';
import { categoryOptions, presentEntryPage, presentEntryRow } from './present-admin.ts';
import { returnToDraft } from './return-to-draft.ts';
import { saveVersion } from './save-version.ts';
import { submitForReview } from './submit-for-review.ts';
import { withdrawEntry } from './withdraw-entry.ts';

const bodyOf = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const text = (req: Request, name: string, max = 1000): string => {
  const value = bodyOf(req)[name];
  return typeof value === 'string' ? value.normalize('NFC').trim().slice(0, max) : '';
};

const doneQuery = z.object({ done: z.enum(['saved']).optional() });

const RESULT_KEYS: Record<string, string> = {
  'own-version': 'list.admin.errors.ownVersion',
  stale: 'list.admin.errors.stale',
  'not-in-review': 'list.admin.errors.notInReview',
  'not-draft': 'list.admin.errors.notDraft',
  incomplete: 'list.admin.errors.incomplete',
  'not-published': 'list.admin.errors.notPublished',
  'no-report': 'list.admin.errors.noReport',
  'slug-taken': 'list.admin.errors.slugTaken',
};

export function listAdmin(deps: ListDeps): Router {
  const router = createRouter();
  const organisers = requireRole('admin', 'organiser');
  const formLocals = (values: EntryFormValues, errors: readonly FormError[]) => ({ values, errors, fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])), categories: categoryOptions(), langs: LANGS, max: TEXT_MAX });
  const auditEntry = (res: Response, entryId: number, action: string, details: Record<string, string | number> = {}, reason?: string) =>
    (trx: Parameters<typeof audit>[0]) => audit(trx, { actor: adminActor(res), action: `list-entry.${action}`, subject: `list-entry:${entryId}`, details, reason: reason ?? null });

  async function renderEntry(res: Response, entryId: number, form?: { values: EntryFormValues; errors: readonly FormError[] }, problemKey?: string): Promise<void> {
    const entry = await entryById(deps.db, entryId);
    if (!entry) return renderAdminError(res, 404, 'list.admin.errors.notFound');
    const [versions, events, submitter, reports] = await Promise.all([versionsOf(deps.db, entry.id), eventsOf(deps.db, entry.id), submitterOf(deps.db, entry.id, entry.latest_number), reportLinksOf(deps.db, entry.id)]);
    const page = presentEntryPage({ entry, versions, events, submitter, reports: reports.map((r) => r.report_id), viewer: currentAdmin(res).id });
    const values = form?.values ?? (versions[0] ? formValuesFromContent(entry.slug, versions[0]) : { slug: entry.slug });
    res.render('list/admin/entry', { page, form: formLocals(values, form?.errors ?? []), problemKey, done: parseQuery(res.req, doneQuery).done === 'saved' });
  }
  const problem = (res: Response, entryId: number, kind: string) => renderEntry(res.status(409), entryId, undefined, RESULT_KEYS[kind] ?? 'list.admin.errors.notFound');

  router.get('/list', organisers, async (_req, res) => {
    const entries = await allEntries(deps.db);
    const rows = await Promise.all(entries.map(async (e) => presentEntryRow(e, await versionOf(deps.db, e.id, e.latest_number))));
    res.render('list/admin/entries', { entries: rows });
  });

  router.get('/list/new', organisers, (_req, res) => res.render('list/admin/new', { form: formLocals({}, []) }));

  router.post('/list', organisers, async (req, res) => {
    const values = formValuesOf(bodyOf(req));
    const parsed = parseEntryForm(values, res.locals.t);
    if (!parsed.ok) return res.status(422).render('list/admin/new', { form: formLocals(values, parsed.errors) });
    const result = await saveVersion(deps, { slug: parsed.slug, content: parsed.content, note: parsed.note, by: currentAdmin(res).id, record: (entryId, number) => auditEntry(res, entryId, 'saved', { version: number }) });
    if (result.kind !== 'saved') return res.status(422).render('list/admin/new', { form: formLocals(values, [{ field: 'slug', message: res.locals.t(RESULT_KEYS[result.kind]!) }]) });
    seeOther(res, `/admin/list/${result.entryId}?done=saved`);
  });

  router.get('/list/:id', organisers, async (req, res) => renderEntry(res, Number(req.params.id)));

  router.post('/list/:id', organisers, async (req, res) => {
    const entryId = Number(req.params.id);
    const values = formValuesOf(bodyOf(req));
    const parsed = parseEntryForm(values, res.locals.t);
    if (!parsed.ok) return renderEntry(res.status(422), entryId, { values, errors: parsed.errors });
    const result = await saveVersion(deps, { entryId, slug: parsed.slug, content: parsed.content, note: parsed.note, by: currentAdmin(res).id, record: (_id, number) => auditEntry(res, entryId, 'saved', { version: number }) });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'list.admin.errors.notFound');
    if (result.kind === 'slug-taken') return renderEntry(res.status(422), entryId, { values, errors: [{ field: 'slug', message: res.locals.t('list.admin.errors.slugTaken') }] });
    seeOther(res, `/admin/list/${entryId}?done=saved`);
  });

  router.post('/list/:id/submit', organisers, async (req, res) => {
    const entryId = Number(req.params.id);
    const number = Number(text(req, 'version', 10));
    const result = await submitForReview(deps, { entryId, number, by: currentAdmin(res).id, record: auditEntry(res, entryId, 'submitted', { version: number }) });
    if (result.kind !== 'submitted') return result.kind === 'not-found' ? renderAdminError(res, 404, 'list.admin.errors.notFound') : problem(res, entryId, result.kind);
    seeOther(res, `/admin/list/${entryId}`);
  });

  router.post('/list/:id/approve', organisers, async (req, res) => {
    const entryId = Number(req.params.id);
    const number = Number(text(req, 'version', 10));
    const result = await approveVersion(deps, { entryId, number, by: currentAdmin(res).id, record: auditEntry(res, entryId, 'approved', { version: number }) });
    if (result.kind !== 'published') return result.kind === 'not-found' ? renderAdminError(res, 404, 'list.admin.errors.notFound') : problem(res, entryId, result.kind);
    seeOther(res, `/admin/list/${entryId}`);
  });

  router.post('/list/:id/return', organisers, async (req, res) => {
    const entryId = Number(req.params.id);
    const note = text(req, 'note');
    const result = await returnToDraft(deps, { entryId, by: currentAdmin(res).id, note, record: auditEntry(res, entryId, 'returned', {}, note) });
    if (result.kind !== 'returned') return result.kind === 'not-found' ? renderAdminError(res, 404, 'list.admin.errors.notFound') : problem(res, entryId, result.kind);
    seeOther(res, `/admin/list/${entryId}`);
  });

  router.post('/list/:id/withdraw', organisers, async (req, res) => {
    const entryId = Number(req.params.id);
    const note = text(req, 'note');
    const result = await withdrawEntry(deps, { entryId, by: currentAdmin(res).id, note, record: auditEntry(res, entryId, 'withdrawn', {}, note) });
    if (result.kind !== 'withdrawn') return result.kind === 'not-found' ? renderAdminError(res, 404, 'list.admin.errors.notFound') : problem(res, entryId, result.kind);
    seeOther(res, `/admin/list/${entryId}`);
  });

  router.post('/list/:id/reports', organisers, async (req, res) => {
    const entryId = Number(req.params.id);
    const result = await linkEntryToReport(deps, { entryId, report: text(req, 'report', 40), by: currentAdmin(res).id, record: (reportId) => auditEntry(res, entryId, 'report-linked', { report: reportId }) });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'list.admin.errors.notFound');
    if (result.kind === 'no-report') return problem(res, entryId, 'no-report');
    seeOther(res, `/admin/list/${entryId}`);
  });

  router.post('/list/:id/reports/:uuid/remove', organisers, async (req, res) => {
    const entryId = Number(req.params.id);
    const reportId = String(req.params.uuid);
    await unlinkEntryFromReport(deps, { entryId, reportId, record: auditEntry(res, entryId, 'report-unlinked', { report: reportId }) });
    seeOther(res, `/admin/list/${entryId}`);
  });

  return router;
}
