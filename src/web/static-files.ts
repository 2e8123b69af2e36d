// Static files: public/ (CSS, fonts, the small enhancing script). Everything is served from this origin.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';

export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'public');

const STATIC_PATH = /^\/(css|js|fonts)\/|^\/favicon\.svg$/;

/** Serves public/ for its own paths only, so pages and the API never pay for a failed file lookup. */
export function staticFiles(): RequestHandler {
  const serve = express.static(PUBLIC_DIR, {
    index: false,
    fallthrough: true,
    setHeaders(res, file) {
      // Fonts never change under one name; CSS and JS are revalidated by ETag.
      res.setHeader('Cache-Control', file.includes(`${path.sep}fonts${path.sep}`) ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate');
    },
  });
  return (req, res, next) => (STATIC_PATH.test(req.path) ? serve(req, res, next) : next());
}
