// The anonymous drop: GET /{lang}/submit (advice first, then the form) and POST /{lang}/submit (multipart,
// streamed and encrypted as it arrives; answers with the one-time receipt on the same URL). No IP, user
// agent, referrer or cookie is read into anything here; the request log leaves these paths out.
import type { IncomingMessage } from 'node:http';
import type { Request, Response, Router } from 'express';
import { startOfDay } from './day.ts';
import { takeSubmissionCaps } from './caps.ts';
import { evidenceHeaders } from './evidence-headers.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { FIELD_NAMES, keptValues, parseFields, type FieldName } from './evidence.schema.ts';
import { MAX_REQUEST_BYTES, takeMultipart, type Intake } from './intake.ts';
import { activeRecipients, type RecipientKey } from './keyring.ts';
import { ACCEPTED_GROUP_NAMES, EMPTY_VALUES, FAILURE_STATUS, FORM_LIMITS, failureError, fieldErrorMessage, presentReceipt, presentSubmitForm, type ErrorView } from './present-submit.ts';
import { submitReport } from './submit-report.ts';
import { drainBody } from './drain.ts';

/** What a refused multipart request answers: its status, and the form again with the error and the text kept. */
export function intakeFailure(res: Response, intake: Extract<Intake, { ok: false }>): { status: number; values: Record<FieldName, string>; errors: ErrorView[] } {
  if (intake.closeConnection) res.setHeader('Connection', 'close');
  const error = failureError(res.locals.t, intake.failure, intake.fileName);
  return { status: FAILURE_STATUS[intake.failure], values: keptValues(intake.fields), errors: [{ field: error.field, message: error.message }] };
}

/** True (and answers 413) when the declared body is larger than any valid submission. */
export function refuseOversize(req: IncomingMessage, res: Response, render: () => void): boolean {
  if (Number(req.headers['content-length'] ?? 0) <= MAX_REQUEST_BYTES) return false;
  res.setHeader('Connection', 'close'); // not read at all
  res.status(413);
  render();
  return true;
}

/**
 * The checks before a body is read: an active key, the global caps. Answers (after reading and dropping
 * the body) and returns undefined when the drop is closed or busy.
 */
export async function openDrop(deps: EvidenceDeps, req: Request, res: Response, closedView: () => void): Promise<RecipientKey[] | undefined> {
  const now = deps.clock.now();
  const recipients = await activeRecipients(deps.db, now);
  if (recipients.length === 0) {
    if (await drainBody(req)) res.setHeader('Connection', 'close');
    res.status(409);
    closedView();
    return undefined;
  }
  if (!(await takeSubmissionCaps(deps, now))) {
    if (await drainBody(req)) res.setHeader('Connection', 'close');
    res.status(429).render('evidence/busy');
    return undefined;
  }
  return recipients;
}

const renderForm = (res: Response, open: boolean, values = EMPTY_VALUES, errors: ErrorView[] = []) =>
  res.render('evidence/submit', { open, form: presentSubmitForm(values, errors), limits: FORM_LIMITS, groups: ACCEPTED_GROUP_NAMES });

/** The closed page (no active organiser key): the drop's own page, without the form. */
export const renderClosed = (res: Response) => renderForm(res, false);

export function addSubmitPage(deps: EvidenceDeps, pages: Router): void {
  pages.get('/submit', evidenceHeaders({ onionUrl: deps.config.onionUrl }), async (_req, res) => {
    const recipients = await activeRecipients(deps.db, deps.clock.now());
    renderForm(res, recipients.length > 0);
  });
}

export function addSubmitUpload(deps: EvidenceDeps, uploads: Router): void {
  const headers = evidenceHeaders({ onionUrl: deps.config.onionUrl });
  uploads.post('/submit', headers, async (req, res) => {
    if (refuseOversize(req, res, () => renderForm(res, true, EMPTY_VALUES, [{ field: 'files', message: res.locals.t('evidence.errors.tooLarge', { megabytes: FORM_LIMITS.megabytes, files: FORM_LIMITS.files }) }]))) return;
    const recipients = await openDrop(deps, req, res, () => renderClosed(res));
    if (!recipients) return;
    const intake = await takeMultipart(req, { recipients, store: deps.store, day: startOfDay(deps.clock.now()), fieldNames: FIELD_NAMES });
    if (!intake.ok) {
      const refused = intakeFailure(res, intake);
      return renderForm(res.status(refused.status), true, refused.values, refused.errors);
    }
    const fields = parseFields(intake.fields, intake.files.length);
    if (!fields.ok) {
      await deps.store.discard(intake.files.map((f) => f.storedName));
      const errors = fields.errors.map((e) => ({ field: e.field, message: fieldErrorMessage(res.locals.t, e) }));
      return renderForm(res.status(422), true, keptValues(intake.fields), errors);
    }
    const { receipt } = await submitReport(deps, { lang: res.locals.lang, fields: fields.value, files: intake.files, recipients });
    res.render('evidence/receipt', { receipt: presentReceipt(receipt), files: intake.files.length });
  });
}
