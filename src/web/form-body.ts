// Bodies of the HTML forms: application/x-www-form-urlencoded only, with explicit limits. A body of any
// other type (JSON, multipart) sent to a form is refused with 415 rather than read as an empty form.
// Routes that take another type (the Stripe webhook's raw JSON, evidence uploads) are mounted before this.
import express, { type RequestHandler } from 'express';
import { AppError } from './app-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function formBodies(): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 40 });
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/x-www-form-urlencoded')) return next(new AppError(415, 'errors.badRequest.message'));
    parse(req, res, next);
  };
}
