// The organisers' evidence pages (/admin/evidence…, organisers and admins) and the keys page
// (/admin/evidence-keys, admins only). Coarse metadata only; the content stays encrypted and is read
// offline with GnuPG from the downloaded bundle. Every change and every download is in the audit log.
import type { Response, Router } from 'express';
import { z } from 'zod';
import { adminActor, audit, currentAdmin, renderAdminError, requireRole } from '../admin/index.ts';
import { createRouter } from '../web/params.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import { bundleFolder, bundleStream, bundleSize } from './bundle.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { allKeyRows } from './keys.repo.ts';
import { addOrganiserKey, retireOrganiserKey, setRetention } from './manage-keys.ts';
import { changeReportStatus, deleteReport, keepReport } from './manage-report.ts';
import { MAX_ARMORED_CHARS, type KeyProblem } from './organiser-key.ts';
import { presentKey, presentReport, presentReportRow, statusOptions } from './present-admin.ts';
import { REPLY_MAX, replyToSource } from './reply-to-source.ts';
import { countReports, partsOf, REPORT_STATUSES, reportById, reportSummaries } from './reports.repo.ts';
import { RETENTION_RANGE, retentionDays } from './settings.repo.ts';

const PAGE_SIZE = 50;
const DONE = ['status', 'kept', 'unkept', 'replied', 'deleted', 'retention', 'key-added', 'key-retired'] as const;
const listQuery = z.object({ status: z.enum(REPORT_STATUSES).optional(), page: z.coerce.number().int().min(1).max(100_000).optional(), done: z.enum(DONE).optional() });
const doneQuery = z.object({ done: z.enum(DONE).optional() });
const field = (res: Response, name: string): string => {
  const value = (res.req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};
const DONE_KEYS: Record<(typeof DONE)[number], string> = {
  status: 'evidence.admin.done.status',
  kept: 'evidence.admin.done.kept',
  unkept: 'evidence.admin.done.unkept',
  replied: 'evidence.admin.done.replied',
  deleted: 'evidence.admin.done.deleted',
  retention: 'evidence.admin.done.retention',
  'key-added': 'evidence.admin.done.keyAdded',
  'key-retired': 'evidence.admin.done.keyRetired',
};
const doneKey = (done: (typeof DONE)[number] | undefined) => (done ? DONE_KEYS[done] : undefined);
const PROBLEM_KEYS: Record<KeyProblem | 'known', string> = {
  unreadable: 'evidence.admin.keys.problems.unreadable',
  private: 'evidence.admin.keys.problems.private',
  revoked: 'evidence.admin.keys.problems.revoked',
  expired: 'evidence.admin.keys.problems.expired',
  'cannot-encrypt': 'evidence.admin.keys.problems.cannotEncrypt',
  weak: 'evidence.admin.keys.problems.weak',
  known: 'evidence.admin.keys.problems.known',
};

export function evidenceAdmin(deps: EvidenceDeps): Router {
  const router = createRouter();
  const organisers = requireRole('admin', 'organiser');
  const admins = requireRole('admin');
  const reportPath = (id: string) => `/admin/evidence/${id}`;

  const renderList = async (res: Response, query: z.infer<typeof listQuery>, retention: { value: string; error?: string }) => {
    const page = query.page ?? 1;
    const [rows, total, days] = await Promise.all([reportSummaries(deps.db, { status: query.status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), countReports(deps.db, query.status), retentionDays(deps.db)]);
    res.render('evidence/admin/reports', {
      reports: rows.map((r) => presentReportRow(r, days, res.locals.formatNumber)),
      total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), status: query.status, statuses: statusOptions(res.locals.t),
      retention: { value: retention.value || String(days), error: retention.error, ...RETENTION_RANGE }, doneKey: doneKey(query.done),
    });
  };

  router.get('/evidence', organisers, async (req, res) => renderList(res, parseQuery(req, listQuery), { value: '' }));

  router.post('/evidence/settings', organisers, async (_req, res) => {
    const raw = field(res, 'retentionDays').trim().slice(0, 10);
    const days = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    const result = await setRetention(deps, { days, record: (trx) => audit(trx, { actor: adminActor(res), action: 'evidence-settings.updated', subject: 'evidence-settings:retention', details: { retentionDays: days } }) });
    if (result.kind === 'invalid') return renderList(res.status(422), {}, { value: raw, error: res.locals.t('evidence.admin.errors.retention', RETENTION_RANGE) });
    seeOther(res, '/admin/evidence?done=retention');
  });

  router.get('/evidence/:uuid', organisers, async (req, res) => {
    const id = String(req.params.uuid);
    const report = await reportById(deps.db, id);
    if (!report) return renderAdminError(res, 404, 'evidence.admin.errors.notFound');
    const [parts, days] = await Promise.all([partsOf(deps.db, id), retentionDays(deps.db)]);
    res.render('evidence/admin/report', { report: presentReport(report, parts, days, res.locals.formatNumber), statuses: statusOptions(res.locals.t), replyMax: REPLY_MAX, reply: '', error: undefined, doneKey: doneKey(parseQuery(req, doneQuery).done) });
  });

  router.get('/evidence/:uuid/bundle', organisers, async (req, res) => {
    const id = String(req.params.uuid);
    const report = await reportById(deps.db, id);
    if (!report) return renderAdminError(res, 404, 'evidence.admin.errors.notFound');
    const parts = await partsOf(deps.db, id);
    await audit(deps.db, { actor: adminActor(res), action: 'evidence-report.downloaded', subject: `evidence-report:${id}`, details: { parts: parts.length } });
    res.setHeader('Content-Type', 'application/x-tar');
    res.setHeader('Content-Length', String(bundleSize(parts)));
    res.attachment(`${bundleFolder(id)}.tar`);
    bundleStream(deps.store, id, parts).on('error', (error) => res.destroy(error)).pipe(res);
  });

  router.post('/evidence/:uuid/status', organisers, async (req, res) => {
    const id = String(req.params.uuid);
    const status = z.enum(REPORT_STATUSES).safeParse(field(res, 'status'));
    if (!status.success) return renderAdminError(res, 422, 'evidence.admin.errors.status');
    const result = await changeReportStatus(deps, { reportId: id, status: status.data, record: (trx) => audit(trx, { actor: adminActor(res), action: 'evidence-report.status-changed', subject: `evidence-report:${id}`, details: { status: status.data } }) });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'evidence.admin.errors.notFound');
    seeOther(res, `${reportPath(id)}?done=status`);
  });

  router.post('/evidence/:uuid/keep', organisers, async (req, res) => {
    const id = String(req.params.uuid);
    const keep = field(res, 'keep') === 'on';
    const result = await keepReport(deps, { reportId: id, keep, record: (trx) => audit(trx, { actor: adminActor(res), action: keep ? 'evidence-report.kept' : 'evidence-report.unkept', subject: `evidence-report:${id}` }) });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'evidence.admin.errors.notFound');
    seeOther(res, `${reportPath(id)}?done=${keep ? 'kept' : 'unkept'}`);
  });

  router.post('/evidence/:uuid/reply', organisers, async (req, res) => {
    const id = String(req.params.uuid);
    const text = field(res, 'reply');
    const result = await replyToSource(deps, { reportId: id, text, by: currentAdmin(res).id, record: (trx) => audit(trx, { actor: adminActor(res), action: 'evidence-report.replied', subject: `evidence-report:${id}` }) });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'evidence.admin.errors.notFound');
    if (result.kind === 'invalid') {
      const report = (await reportById(deps.db, id))!;
      const [parts, days] = await Promise.all([partsOf(deps.db, id), retentionDays(deps.db)]);
      res.status(422);
      return res.render('evidence/admin/report', { report: presentReport(report, parts, days, res.locals.formatNumber), statuses: statusOptions(res.locals.t), replyMax: REPLY_MAX, reply: text.slice(0, REPLY_MAX), error: res.locals.t('evidence.admin.errors.reply', { count: REPLY_MAX }), doneKey: undefined });
    }
    seeOther(res, `${reportPath(id)}?done=replied`);
  });

  router.post('/evidence/:uuid/delete', organisers, async (req, res) => {
    const id = String(req.params.uuid);
    if (field(res, 'confirm') !== 'on') return renderAdminError(res, 422, 'evidence.admin.errors.confirmDelete');
    const result = await deleteReport(deps, { reportId: id, record: (trx) => audit(trx, { actor: adminActor(res), action: 'evidence-report.deleted', subject: `evidence-report:${id}`, reason: field(res, 'reason').slice(0, 1000) || null }) });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'evidence.admin.errors.notFound');
    seeOther(res, '/admin/evidence?done=deleted');
  });

  const renderKeys = async (res: Response, form: { armored: string; error?: string }) => {
    const now = deps.clock.now();
    res.render('evidence/admin/keys', { keys: (await allKeyRows(deps.db)).map((k) => presentKey(k, now)), form, maxChars: MAX_ARMORED_CHARS });
  };

  router.get('/evidence-keys', admins, async (req, res) => {
    const key = doneKey(parseQuery(req, doneQuery).done);
    res.locals.doneKey = key;
    await renderKeys(res, { armored: '' });
  });

  router.post('/evidence-keys', admins, async (_req, res) => {
    const armored = field(res, 'armored').slice(0, MAX_ARMORED_CHARS + 1);
    const result = await addOrganiserKey(deps, { armored, by: currentAdmin(res).id, record: (trx, key) => audit(trx, { actor: adminActor(res), action: 'evidence-key.added', subject: `evidence-key:${key.fingerprint}`, details: { algorithm: key.algorithm, expiresAt: key.expiresAt?.toISOString() ?? null } }) });
    if (result.kind === 'refused') {
      res.status(422);
      // A pasted private key is never shown back.
      return renderKeys(res, { armored: result.problem === 'private' ? '' : armored, error: res.locals.t(PROBLEM_KEYS[result.problem]) });
    }
    seeOther(res, '/admin/evidence-keys?done=key-added');
  });

  router.post('/evidence-keys/:id/retire', admins, async (req, res) => {
    const keyId = Number(req.params.id);
    const result = await retireOrganiserKey(deps, { keyId, by: currentAdmin(res).id, record: (trx) => audit(trx, { actor: adminActor(res), action: 'evidence-key.retired', subject: `evidence-key:${keyId}` }) });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'evidence.admin.errors.notFound');
    seeOther(res, '/admin/evidence-keys?done=key-retired');
  });

  return router;
}
