// The error pipeline, as a list of small steps: normalise → identify and log → render. Pages are
// rendered in the visitor's language; /api answers JSON; nothing ever shows a stack trace.
// A database outage, wherever it surfaces (a page, a form, the group commit, the API), is one case here:
// 503 with Retry-After and a page saying that nothing sent was taken (see db/unavailable.ts).
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { i18n } from 'i18next';
import type { Logger } from '../log.ts';
import { isLang, type Lang } from '../i18n/languages.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { negotiateLanguage } from '../i18n/negotiate.ts';
import { pathWithoutLang, setLanguageLocals } from '../i18n/language-locals.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { AppError, notFound, serviceUnavailable } from './app-error.ts';
import { NO_STORE } from './cache-control.ts';

const KNOWN_CLIENT_ERRORS: Record<number, string> = {
  400: 'errors.badRequest.message',
  403: 'errors.forbidden.message',
  404: 'errors.notFound.message',
  405: 'errors.badRequest.message',
  413: 'errors.tooLarge.message',
  415: 'errors.badRequest.message',
  429: 'errors.tooMany.message',
};

interface HttpLikeError {
  status?: unknown;
  statusCode?: unknown;
}

function normalise(error: unknown): AppError {
  if (error instanceof AppError && (error.status < 500 || error.status === 503)) return error;
  if (isDatabaseUnavailable(error)) return serviceUnavailable(error);
  if (error instanceof AppError) return error;
  const raw = error as HttpLikeError | undefined;
  const status = Number(raw?.status ?? raw?.statusCode);
  if (Number.isInteger(status) && status >= 400 && status < 500) {
    return new AppError(status, KNOWN_CLIENT_ERRORS[status] ?? 'errors.badRequest.message', { cause: error });
  }
  return new AppError(500, 'errors.server.message', { cause: error, reportable: true });
}

export const pageNotFound: RequestHandler = (_req, _res, next) => next(notFound());

function visitorLanguage(req: Request): Lang {
  const first = req.path.split('/')[1];
  return isLang(first) ? first : negotiateLanguage(req.cookies?.lang, req.get('accept-language'));
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path.startsWith('/webhooks/') || req.path === '/healthz';
}

/** While the database is down every request fails the same way: say so once per interval, not per request. */
const OUTAGE_LOG_INTERVAL_MS = 5000;

const viewFor = (status: number): string => (status === 404 ? 'errors/404' : status === 503 ? 'errors/503' : status >= 500 ? 'errors/500' : 'errors/4xx');

export function errorPipeline(deps: { logger: Logger; i18n: i18n }): ErrorRequestHandler {
  let outageLoggedAt = 0;
  let outageRequests = 0;
  return (error: unknown, req, res: Response, next) => {
    if (res.headersSent) return next(error);
    const appError = normalise(error);
    const errorId = randomUUID();
    const details = { errorId, status: appError.status, method: req.method, route: req.route?.path as string | undefined };
    if (appError.reportable) deps.logger.error({ ...details, err: appError.cause ?? appError }, 'request failed');
    else deps.logger.debug(details, appError.messageKey);
    if (appError.status === 503) {
      outageRequests += 1;
      if (Date.now() - outageLoggedAt >= OUTAGE_LOG_INTERVAL_MS) {
        const cause = appError.cause as { code?: unknown; message?: unknown } | undefined;
        deps.logger.warn({ ...details, requests: outageRequests, code: cause?.code, reason: String(cause?.message ?? '').split(' - ').pop() }, 'database unavailable: answering 503');
        outageLoggedAt = Date.now();
        outageRequests = 0;
      }
    }

    const lang = visitorLanguage(req);
    res.status(appError.status);
    res.setHeader('Cache-Control', NO_STORE);
    if (appError.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(appError.retryAfterSeconds));
    if (wantsJson(req)) {
      const t = translatorFor(deps.i18n, lang);
      res.json({ error: { status: appError.status, message: t(appError.messageKey), id: errorId } });
      return;
    }
    setLanguageLocals(res, deps.i18n, lang, isLang(req.path.split('/')[1]) ? pathWithoutLang(req.path) : '/');
    res.locals.errorId = errorId;
    const sent = req.method !== 'GET' && req.method !== 'HEAD';
    res.render(viewFor(appError.status), { messageKey: appError.messageKey, status: appError.status, sent }, (renderError, html) => {
      if (renderError) {
        deps.logger.error({ errorId, err: renderError }, 'error page failed to render');
        res.type('text/plain').send(`Error ${appError.status}. Reference: ${errorId}`);
        return;
      }
      res.send(html);
    });
  };
}
