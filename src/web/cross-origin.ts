// Cross-origin protection for every state-changing request, by request headers alone: the algorithm
// of Go 1.25's net/http.CrossOriginProtection (golang/go#73626) and ASP.NET Core 11's ICsrfProtection.
//
//  1. GET, HEAD and OPTIONS pass (they change nothing here).
//  2. Sec-Fetch-Site `same-origin` or `none` (typed into the address bar, a bookmark) passes; any other
//     value (`cross-site`, `same-site`) is refused: the browser itself says another site sent it.
//  3. Without Sec-Fetch-Site (browsers before 2020–2023), an Origin equal to this site passes and any
//     other Origin is refused, `null` included (sandboxed frames, some redirects, file: pages).
//  4. With neither header the request did not come from a browser (curl, a partner's server, Stripe):
//     it passes. A forgery needs a victim's browser, and every browser sends one of the two headers on
//     a cross-origin POST.
//
// Why this is enough for the public forms, without a per-visitor token (which would put a cookie on
// every page and make it uncacheable): a forged signature still needs the confirmation from the
// signer's own mailbox; a forged letter draft or donation checkout harms nobody and sends nothing; an
// evidence submission is anonymous by design. Forms behind a login (/admin) add a session-bound token
// on top (admin/), because there a forged request would act with the organiser's authority.
// Referrer-Policy is `same-origin`, so browsers send a real Origin on our own posts.
import type { Request, RequestHandler } from 'express';
import { forbidden } from './app-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CrossOriginOptions {
  /** Origins besides the request's own host that may post (the site's BASE_URL origin). */
  readonly trustedOrigins: readonly string[];
}

/** Why a request is refused, or undefined when it may proceed. */
export function crossOriginVerdict(req: Pick<Request, 'method' | 'get'>, trusted: ReadonlySet<string>): 'cross-site' | 'foreign-origin' | undefined {
  if (SAFE_METHODS.has(req.method)) return undefined;
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== '') return site === 'same-origin' || site === 'none' ? undefined : 'cross-site';
  const origin = req.get('origin');
  if (origin === undefined || origin === '') return undefined;
  if (trusted.has(origin)) return undefined;
  const host = req.get('host');
  if (host !== undefined && origin !== 'null') {
    try {
      if (new URL(origin).host === host.toLowerCase()) return undefined;
    } catch {
      // not a URL: refused below
    }
  }
  return 'foreign-origin';
}

export function crossOriginProtection(options: CrossOriginOptions): RequestHandler {
  const trusted = new Set(options.trustedOrigins.map((o) => new URL(o).origin));
  return (req, _res, next) => (crossOriginVerdict(req, trusted) ? next(forbidden()) : next());
}
