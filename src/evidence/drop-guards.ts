// The steps every upload route takes around its body: refuse a declared body larger than any valid one
// without reading it; before reading, check that the drop is open (an active key) and within the global
// caps, dropping the body otherwise; after a refused intake, the form's answer.
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import { takeSubmissionCaps } from './caps.ts';
import { drainBody } from './drain.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { keptValues, type FieldName } from './evidence.schema.ts';
import { MAX_REQUEST_BYTES, type Intake } from './intake.ts';
import { activeRecipients, type RecipientKey } from './keyring.ts';
import { FAILURE_STATUS, failureError, type ErrorView } from './present-submit.ts';

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
