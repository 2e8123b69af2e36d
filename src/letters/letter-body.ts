// Bodies of the letter forms: urlencoded only (415 otherwise), like every public form (web/form-body.ts),
// but with room for a list of MEP checkboxes: a visitor may tick every MEP of a long list, and must get
// a 422 saying how many to choose rather than a 413. Mounted before the shared form-body parser.
import express, { type RequestHandler } from 'express';
import { AppError } from '../web/app-error.ts';

export function letterBodies(): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 500 });
  return (req, res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/x-www-form-urlencoded')) return next(new AppError(415, 'errors.badRequest.message'));
    parse(req, res, next);
  };
}
