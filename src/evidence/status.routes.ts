// The source's side of the conversation: GET/POST /{lang}/submit/status (the receipt → status and replies)
// and POST /{lang}/submit/more (a message and files added with the short-lived token the status page
// carries). A wrong receipt shows nothing; lookups are throttled for everyone together.
import type { Request, Response, Router } from 'express';
import { addToReport } from './add-to-report.ts';
import { startOfDay } from './day.ts';
import { evidenceHeaders } from './evidence-headers.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { FIELD_NAMES, keptValues, parseFields, type FieldName } from './evidence.schema.ts';
import { takeMultipart } from './intake.ts';
import { lookUpReport } from './look-up-report.ts';
import { EMPTY_VALUES, FORM_LIMITS, STATUS_KEYS, fieldErrorMessage, presentSubmitForm, type ErrorView } from './present-submit.ts';
import { openSourceSession } from './source-session.ts';
import { intakeFailure, openDrop, refuseOversize } from './drop-guards.ts';
import { renderClosed } from './submit.routes.ts';

const RECEIPT_MAX = 400;

const receiptField = (req: Request): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.receipt;
  return typeof value === 'string' ? value.slice(0, RECEIPT_MAX) : '';
};

const renderLookup = (res: Response, receipt = '', error?: string) =>
  res.render('evidence/status-form', { receipt, errors: error ? [{ field: 'receipt', message: error }] : [] });
const renderMore = (res: Response, session: string, values: Record<FieldName, string> = EMPTY_VALUES, errors: ErrorView[] = []) =>
  res.render('evidence/more', { session, form: presentSubmitForm(values, errors), limits: FORM_LIMITS });
const sessionExpired = (res: Response) => renderLookup(res.status(403), '', res.locals.t('evidence.errors.sessionExpired'));

export function addStatusPages(deps: EvidenceDeps, pages: Router): void {
  const headers = evidenceHeaders({ onionUrl: deps.config.onionUrl });
  pages.get('/submit/status', headers, (_req, res) => renderLookup(res));

  pages.post('/submit/status', headers, async (req, res) => {
    const typed = receiptField(req);
    const result = await lookUpReport(deps, typed);
    if (result.kind === 'throttled') return renderLookup(res.status(429), typed, res.locals.t('evidence.errors.throttled'));
    if (result.kind === 'not-found') return renderLookup(res.status(422), typed, res.locals.t('evidence.errors.wrongReceipt'));
    res.render('evidence/status', { report: result.report, statusKeys: STATUS_KEYS[result.report.status], form: presentSubmitForm(EMPTY_VALUES, []), limits: FORM_LIMITS });
  });
}

export function addMoreUpload(deps: EvidenceDeps, uploads: Router): void {
  const headers = evidenceHeaders({ onionUrl: deps.config.onionUrl });
  uploads.post('/submit/more', headers, async (req, res) => {
    if (refuseOversize(req, res, () => sessionExpired(res))) return;
    const recipients = await openDrop(deps, req, res, () => renderClosed(res));
    if (!recipients) return;
    const now = deps.clock.now();
    const reportOf = (fields: ReadonlyMap<string, string>) => openSourceSession(deps.secrets.sourceSessionKey, fields.get('session'), now);
    const intake = await takeMultipart(req, { recipients, store: deps.store, day: startOfDay(now), fieldNames: [...FIELD_NAMES, 'session'], allowFiles: (fields) => reportOf(fields) !== undefined });
    const reportId = reportOf(intake.fields);
    if (!reportId) {
      if (intake.ok) await deps.store.discard(intake.files.map((f) => f.storedName));
      else if (intake.closeConnection) res.setHeader('Connection', 'close');
      return sessionExpired(res);
    }
    const session = intake.fields.get('session') ?? '';
    if (!intake.ok) {
      const refused = intakeFailure(res, intake);
      return renderMore(res.status(refused.status), session, refused.values, refused.errors);
    }
    const fields = parseFields(intake.fields, intake.files.length);
    if (!fields.ok) {
      await deps.store.discard(intake.files.map((f) => f.storedName));
      return renderMore(res.status(422), session, keptValues(intake.fields), fields.errors.map((e) => ({ field: e.field, message: fieldErrorMessage(res.locals.t, e) })));
    }
    const added = await addToReport(deps, { reportId, lang: res.locals.lang, fields: fields.value, files: intake.files, recipients });
    if (added.kind === 'gone') return sessionExpired(res);
    res.render('evidence/added', { files: intake.files.length });
  });
}
