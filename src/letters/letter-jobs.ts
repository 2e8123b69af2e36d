// The letter tool's job queues, one per event. Jobs carry ids only.
export const LETTERS_CONFIRMATION = 'letters-email-confirmation';
export const LETTERS_DISPATCH = 'letters-dispatch';
export const LETTER_DELIVER = 'letter-deliver';
export const LETTERS_FOLLOWUP = 'letters-followup';
export const LETTERS_RETENTION = 'letters-retention';

export interface RequestJob {
  readonly requestId: string;
}

export interface LetterJob {
  readonly letterId: string;
}

/** Days after the last of a request's letters is delivered before "did they answer?" is asked. */
export const FOLLOWUP_DAYS = 14;
export const CONFIRM_LINK_DAYS = 7;
export const ANSWER_LINK_DAYS = 90;
export const DAY_MS = 24 * 3600 * 1000;
