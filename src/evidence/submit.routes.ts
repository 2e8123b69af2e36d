// The anonymous drop: GET /{lang}/submit (advice first, then the form) and POST /{lang}/submit (multipart,
// streamed and encrypted as it arrives; answers with the one-time receipt on the same URL). No IP, user
// agent, referrer or cookie is read into anything here; the request log leaves these paths out.
import type { Response, Router } from 'express';
import { startOfDay } from './day.ts';
import { intakeFailure, openDrop, refuseOversize } from './drop-guards.ts';
import { evidenceHeaders } from './evidence-headers.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { FIELD_NAMES, keptValues, parseFields } from './evidence.schema.ts';
import { takeMultipart } from './intake.ts';
import { activeRecipients } from './keyring.ts';
import { ACCEPTED_GROUP_NAMES, EMPTY_VALUES, FORM_LIMITS, fieldErrorMessage, presentReceipt, presentSubmitForm, type ErrorView } from './present-submit.ts';
import { submitReport } from './submit-report.ts';

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
