// Who may frame an embed answer. Every response carries helmet's CSP with frame-ancestors 'none' and
// X-Frame-Options: DENY (web/security-headers.ts); the embed routes, and only they, replace the first by
// the petition's partner origins ('none' while there are none) and drop the second, which cannot name
// origins (browsers that know frame-ancestors ignore X-Frame-Options when both are present, but a DENY
// would still stop the older ones framing what partners were promised).
import type { Response } from 'express';

/** The frame-ancestors sources for a list of origins ('none' for an empty list). */
export const frameAncestors = (origins: readonly string[]): string => (origins.length ? origins.join(' ') : "'none'");

export function allowFraming(res: Response, origins: readonly string[]): void {
  const csp = String(res.getHeader('Content-Security-Policy') ?? '');
  const directive = `frame-ancestors ${frameAncestors(origins)}`;
  const replaced = /frame-ancestors [^;]*/.test(csp) ? csp.replace(/frame-ancestors [^;]*/, directive) : `${csp}${csp ? ';' : ''}${directive}`;
  res.setHeader('Content-Security-Policy', replaced);
  res.removeHeader('X-Frame-Options');
  // A partner page that isolates itself (COEP require-corp) may still frame us.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}
