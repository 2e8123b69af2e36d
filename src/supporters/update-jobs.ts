// The update's jobs: one to start sending (write the ledger, queue the parts), then one per part of the
// ledger (a range of its row ids). Jobs carry ids only; addresses are decrypted at send time.
export const UPDATE_START = 'update-start';
export const UPDATE_SEND = 'update-send';

export interface UpdateStartJob {
  readonly updateId: number;
}

export interface UpdateSendJob {
  readonly updateId: number;
  /** The ledger row ids from and to (inclusive), as strings (bigint). */
  readonly from: string;
  readonly to: string;
}

/**
 * Ledger rows per send job. Small, because the job thread's pace must be able to send every email its
 * workers hold within half the job expiry at its floor rate (worker-thread.ts, emailFloorPerSecond): the
 * petitions hold 1,200 and letters 21, and updates must not raise the floor above 21 a second, so that
 * a long update yields to a signing spike as the confirmations do.
 */
export const RECIPIENTS_PER_JOB = 9;
