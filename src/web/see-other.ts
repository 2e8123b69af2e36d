// 303 See Other after a form post, to a path this app built (validated slug and language only). Lighter
// than res.redirect, which negotiates and renders a body no browser shows.
import type { Response } from 'express';

export function seeOther(res: Response, path: string): void {
  if (!path.startsWith('/') || path.startsWith('//') || /[^\x21-\x7e]/.test(path)) throw new Error(`seeOther: not a plain local path: ${path}`);
  res.statusCode = 303;
  res.setHeader('Location', path);
  res.setHeader('Content-Length', 0);
  res.end();
}
