// The my-data capability's jobs. The email job carries the request's id only: the address is read (and
// decrypted) when it is sent, so an erasure in between leaves nothing to send.
export const MY_DATA_EMAIL = 'email-my-data-link';
export const MY_DATA_RETENTION = 'my-data-retention';

export interface MyDataJob {
  readonly requestId: string;
}

/** How long an emailed link shows the data. */
export const LINK_MINUTES = 60;
/** How long a request may wait for its job before the retention job deletes it. */
export const REQUEST_KEEP_HOURS = 24;
