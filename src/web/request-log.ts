// One log line per request: method, path with tokens masked, status and duration. No IP, no user agent,
// no query string. The evidence drop (/{lang}/submit…) is not logged at all: even without its path, a
// line's timestamp would say when a source was there, and the drop keeps only the day.
import type { RequestHandler } from 'express';
import type { Logger } from '../log.ts';

const TOKEN_SEGMENT = /\/[A-Za-z0-9_-]{20,}(?=\/|$)/g;
const EVIDENCE = /^\/[a-z]{2}\/submit(?:[/.?]|$)/;

export function isEvidencePath(path: string): boolean {
  return EVIDENCE.test(path);
}

export function maskPath(path: string): string {
  return path.replace(TOKEN_SEGMENT, '/…');
}

/** Logs at info level (register it only when that level is on). */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const path = req.path; // read now: a mounted router has cut its prefix from req.url by the time the response ends
    if (isEvidencePath(path)) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, path: maskPath(path), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
