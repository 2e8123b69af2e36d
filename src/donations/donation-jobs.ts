// The donations capability's jobs. Each carries ids only: the address is read (and decrypted) when the
// email is sent, so an erased donor gets nothing.
export const THANK_YOU_EMAIL = 'email-donation-thank-you';
export const MATCH_REFUND = 'donation-match-refund';
export const DONATIONS_RETENTION = 'donations-retention';

export interface ThankYouJob {
  readonly paymentId: string;
}

export interface MatchRefundJob {
  readonly chargeId: string;
}
