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
 * petitions hold 1,200, letters 21, and updates 2 × 2 × 25 = 100, so during a signing spike the floor is
 * 23 a second instead of 20, and a long update still yields to the spike as the confirmations do.
 * Measured (bench/updates.ts, 100,000 recipients, 2 cores): 25 rows 667 mails/s = 1.32× the confirmation
 * path (504/s); 9 rows 517 mails/s = 0.97× the confirmation
 * path (and 0.94× on a loaded machine); 200 rows 1.25×, but a floor of 28 a second.
 */
export const RECIPIENTS_PER_JOB = 25;
