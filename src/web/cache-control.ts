// Who may keep a response. The default for every response is `private, no-store` (set first, in app.ts):
// nothing about a visitor can end up in a shared cache by accident. A public page or API answer that is
// the same for everyone calls publicCache(), so any shared cache (a CDN, Varnish, nginx) may keep it for a
// couple of seconds and serve a viral spike from its copy; browsers revalidate it every time.
import type { RequestHandler, Response } from 'express';

/** Seconds a shared cache may serve its copy without asking: the counts shown stay within ~5 s of the truth. */
export const SHARED_MAX_AGE_S = 2;
/** Seconds more it may serve that copy while it fetches a fresh one in the background. */
export const STALE_WHILE_REVALIDATE_S = 3;

export const PUBLIC_CACHE_CONTROL = `public, max-age=0, s-maxage=${SHARED_MAX_AGE_S}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_S}`;
export const NO_STORE = 'private, no-store';

/** The response is the same for every visitor (it must not set a cookie nor show anything personal). */
export function publicCache(res: Response): void {
  res.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL);
}

/** The response is about one visitor (a form with their values, a page behind a login): never kept. */
export function noStore(res: Response): void {
  res.setHeader('Cache-Control', NO_STORE);
}

/** The default for every response, so a route that forgets to choose is never cached. */
export const privateByDefault: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', NO_STORE);
  next();
};
