// One error type for expected HTTP failures: a status, a translation key for the visitor, and whether
// it is worth reporting (5xx) or only a client's mistake (4xx).
export class AppError extends Error {
  readonly status: number;
  readonly messageKey: string;
  readonly reportable: boolean;

  constructor(status: number, messageKey: string, options: { reportable?: boolean; cause?: unknown } = {}) {
    super(messageKey, { cause: options.cause });
    this.name = 'AppError';
    this.status = status;
    this.messageKey = messageKey;
    this.reportable = options.reportable ?? status >= 500;
  }
}

export const notFound = (): AppError => new AppError(404, 'errors.notFound.message');
export const forbidden = (): AppError => new AppError(403, 'errors.forbidden.message');
