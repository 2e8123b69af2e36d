// Reading admin form bodies and route parameters: strings of bounded length, ids, and the error list the
// error-summary partial shows (views/partials/error-summary.ejs).
import type { Request } from 'express';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export const formBody = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

/** A posted text field, cut to `max` characters; '' when missing or not a string. */
export function textField(body: Record<string, unknown>, name: string, max: number): string {
  const value = body[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** A positive integer route parameter, or undefined. */
export function idParam(req: Request, name = 'id'): number | undefined {
  const raw = req.params[name];
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id <= 2_147_483_647 ? id : undefined;
}
