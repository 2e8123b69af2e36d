// GET /healthz: 200 {"status":"ok"} when the database answers within two seconds, 503 otherwise.
import type { RequestHandler } from 'express';
import type { Db } from '../db/knex.ts';
import { NO_STORE } from './cache-control.ts';

export function healthCheck(db: Db): RequestHandler {
  return async (_req, res) => {
    res.setHeader('Cache-Control', NO_STORE);
    try {
      await Promise.race([db.raw('select 1'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  };
}
