// Query values are read through a schema: parseQuery(req, schema) gives typed values or throws a 400
// (the bytes were already checked by web/url-hygiene.ts). Unknown keys are ignored (tracking tags,
// cache busters), so links shared elsewhere keep working.
import type { Request } from 'express';
import type { z } from 'zod';
import { AppError } from './app-error.ts';

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) throw new AppError(400, 'errors.badRequest.message');
  return parsed.data;
}
