// gzip and brotli for HTML, JSON, SVG, CSS and other text (the `compression` middleware, brotli preferred
// when the client accepts both), with `Vary: Accept-Encoding` on everything that may be compressed, so a
// shared cache keeps one copy per encoding. Static files come precompressed (static-compressed.ts).
//
// BREACH: an attacker who can put text into a response and watch its compressed size can guess, byte by
// byte, a secret in the same response. So a response is compressed only if it holds no secret that an
// attacker does not already know. What is compressed, and why that is safe:
// - public pages and the API (the home page, petitions, privacy, JSON counts): the same for everyone, a
//   shared cache may hold them; they carry no per-visitor value to steal;
// - public form pages answered with their errors (422), which show the visitor's own input: public forms
//   carry no token and no session (cross-origin.ts protects them by headers), so there is no secret beside
//   that input; the signed render time in the form is not a secret (anyone gets one by opening the page);
// - error pages and the "check your email" page: no secret.
// Never compressed:
// - anything under /admin: session-bound form tokens (_csrf) sit next to what organisers typed;
// - the emailed link pages (/{lang}/confirm/…, /{lang}/withdraw/…): the 256-bit token is in the page (the
//   form's action) and the URL can carry attacker-chosen query text;
// - /{lang}/submit… (evidence receipts) and /{lang}/my-data… (access links): a secret shown once;
// - /metrics: not a page, and read by one scraper.
// A new page holding a per-visitor secret must either live under one of those paths or send
// `Cache-Control: no-transform` (which compression respects).
import { constants as zlibConstants } from 'node:zlib';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';
import { STATIC_COMPRESSED } from './static-compressed.ts';

const NEVER_COMPRESSED = /^\/(admin(\/|$)|metrics$|[a-z]{2}\/(confirm|withdraw)\/|[a-z]{2}\/(submit|my-data)(\/|$))/;

/** Whether a response may be compressed (by path: the original URL, whatever router answers). */
export function compressible(req: Request, res: Response): boolean {
  const path = (req.originalUrl.split('?')[0] ?? '/').toLowerCase();
  if (NEVER_COMPRESSED.test(path)) return false;
  if (STATIC_COMPRESSED.test(path)) return false; // served precompressed, or identity with Vary, by static-compressed.ts
  return compression.filter(req, res); // compressible Content-Types only (text/*, JSON, SVG, …)
}

export function compressResponses(): RequestHandler {
  // Brotli at quality 5 (measured on the Kazakh petition page, 27 KB: 6.7 KB in 0.8 ms; quality 4, the
  // middleware's default, 7.5 KB in the same time; 7 takes 3.5 ms) and gzip at 6: within a millisecond
  // for a page, and the shared cache in front keeps the result for everyone else.
  return compression({ filter: compressible, threshold: 1024, level: 6, brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } } });
}
