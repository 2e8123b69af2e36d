// GET /healthz: 200 {"status":"ok"} when the database answers within two seconds, else 503 with
// Retry-After. Nothing is remembered: once the database is back (the pool reconnects by itself, the
// embedded server is restarted by its watchdog), the next check says 200 again.
import type { RequestHandler } from 'express';
import type { Db } from '../db/knex.ts';
import { UNAVAILABLE_RETRY_AFTER_S } from './app-error.ts';
import { NO_STORE } from './cache-control.ts';

const HEALTH_TIMEOUT_MS = 2000;

export function healthCheck(db: Db): RequestHandler {
  return async (_req, res) => {
    res.setHeader('Cache-Control', NO_STORE);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([db.raw('select 1'), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS)))]);
      res.json({ status: 'ok' });
    } catch {
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
      res.status(503).json({ status: 'unavailable' });
    } finally {
      clearTimeout(timer);
    }
  };
}
