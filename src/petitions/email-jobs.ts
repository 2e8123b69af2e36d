// The petition's email jobs, one queue per event. Jobs carry the signature id only.
export const EMAIL_CONFIRMATION = 'email-signature-confirmation';
export const EMAIL_ALREADY_SIGNED = 'email-signature-already-signed';

export interface SignatureJob {
  readonly signatureId: string;
}
