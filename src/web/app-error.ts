// One error type for expected HTTP failures: a status, a translation key for the visitor, and whether
// it is worth reporting (5xx) or only a client's mistake (4xx). A 503 says when to try again.
export class AppError extends Error {
  readonly status: number;
  readonly messageKey: string;
  readonly reportable: boolean;
  /** Sent as Retry-After (seconds). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, messageKey: string, options: { reportable?: boolean; cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(messageKey, { cause: options.cause });
    this.name = 'AppError';
    this.status = status;
    this.messageKey = messageKey;
    this.reportable = options.reportable ?? status >= 500;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (): AppError => new AppError(404, 'errors.notFound.message');
export const forbidden = (): AppError => new AppError(403, 'errors.forbidden.message');

/**
 * Seconds a client is told to wait while the database is unreachable: the embedded server is back
 * within a few seconds, an external one after a restart or failover within about half a minute.
 */
export const UNAVAILABLE_RETRY_AFTER_S = 30;

/**
 * The database cannot be reached (see db/unavailable.ts): nothing was stored, try again shortly. Not
 * reported per request (an outage would flood the log); the pipeline logs it once in a while.
 */
export const serviceUnavailable = (cause?: unknown): AppError =>
  new AppError(503, 'errors.unavailable.message', { cause, reportable: false, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_S });
