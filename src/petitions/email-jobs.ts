// The petition's email jobs, one queue per event. A job carries signature ids only: the signatures one
// group commit stored (see signature-writer.ts), so a burst of signing writes one job row per
// transaction instead of one per signature, and the worker fetches and completes them a batch at a time.
export const EMAIL_CONFIRMATION = 'email-signature-confirmation';
export const EMAIL_ALREADY_SIGNED = 'email-signature-already-signed';

export interface SignatureJob {
  readonly signatureIds: readonly string[];
}

