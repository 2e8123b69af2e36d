// The first step of every request: bytes that no page of ours can mean are refused before routing, in the
// visitor's language (JSON under /api). A path or query with a broken %-escape, a control character, an
// overlong value or a repeated parameter answers 400 (414 for an overlong address); nothing of it reaches
// a handler or the database. Values of the right bytes are then checked by name (web/params.ts for path
// parameters, web/query.ts for query values).
import type { RequestHandler } from 'express';
import { AppError } from './app-error.ts';

const MAX_URL = 2048;
const MAX_SEGMENT = 256;
const MAX_QUERY_VALUE = 512;
const MAX_QUERY_PARAMS = 20;
// C0 and C1 controls, DEL, and the bidi overrides that can disguise a value.
const FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const badRequest = (): AppError => new AppError(400, 'errors.badRequest.message');

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

function pathIsClean(path: string): boolean {
  for (const segment of path.split('/')) {
    if (segment.length > MAX_SEGMENT * 3) return false;
    const decoded = decode(segment);
    if (decoded === undefined || decoded.length > MAX_SEGMENT || FORBIDDEN.test(decoded)) return false;
  }
  return true;
}

function queryIsClean(query: string): boolean {
  if (query === '') return true;
  const parts = query.split('&').filter((p) => p !== '');
  if (parts.length > MAX_QUERY_PARAMS) return false;
  const seen = new Set<string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = decode((eq < 0 ? part : part.slice(0, eq)).replaceAll('+', ' '));
    const value = decode((eq < 0 ? '' : part.slice(eq + 1)).replaceAll('+', ' '));
    if (key === undefined || value === undefined || key === '' || key.length > 64 || value.length > MAX_QUERY_VALUE) return false;
    if (FORBIDDEN.test(key) || FORBIDDEN.test(value) || /[[\]]/.test(key) || seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

export const urlHygiene: RequestHandler = (req, _res, next) => {
  const url = req.url;
  if (url.length > MAX_URL) return next(new AppError(414, 'errors.badRequest.message'));
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (!pathIsClean(path) || (q >= 0 && !queryIsClean(url.slice(q + 1)))) return next(badRequest());
  next();
};
