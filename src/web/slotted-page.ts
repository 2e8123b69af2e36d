// A page rendered once and sent to many visitors, with a few per-request values (a CSRF token, a signed
// time) filled into named slots. The fixed parts are encoded to bytes once and each request writes them
// as they are, with its values between them (one writev): no re-rendering, no string replacement over
// the whole page, no ETag hashing, and no copy of the page per request.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

export interface SlottedPage<S extends string> {
  /** The fixed parts of the page, as UTF-8; parts.length === slots.length + 1. */
  readonly parts: readonly Buffer[];
  /** The slot found between parts[i] and parts[i + 1]. */
  readonly slots: readonly S[];
  /**
   * A weak validator of the fixed parts: two fillings of one page are equivalent (they differ only in
   * their slot values), so a cache or a browser may keep either.
   */
  readonly etag: string;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Splits `html` at every occurrence of the slot markers (which must not need HTML escaping). */
export function slotPage<S extends string>(html: string, markers: Record<S, string>): SlottedPage<S> {
  const byMarker = new Map(Object.entries<string>(markers).map(([slot, marker]) => [marker, slot as S]));
  const pattern = new RegExp([...byMarker.keys()].map(escapeRegExp).join('|'), 'g');
  const parts: Buffer[] = [];
  const slots: S[] = [];
  let last = 0;
  for (const match of html.matchAll(pattern)) {
    parts.push(Buffer.from(html.slice(last, match.index), 'utf8'));
    slots.push(byMarker.get(match[0])!);
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(html.slice(last), 'utf8'));
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return { parts, slots, etag: `W/"${hash.digest('base64url').slice(0, 27)}"` };
}

/** The page's chunks with this request's values (which must already be safe for HTML attributes). */
export function fillSlots<S extends string>(page: SlottedPage<S>, values: Record<S, string>): Buffer[] {
  const chunks: Buffer[] = [page.parts[0]!];
  const encoded = new Map<S, Buffer>();
  page.slots.forEach((slot, i) => {
    let value = encoded.get(slot);
    if (!value) encoded.set(slot, (value = Buffer.from(values[slot], 'utf8')));
    chunks.push(value, page.parts[i + 1]!);
  });
  return chunks;
}

/** Answers 304 (and returns true) when the client already holds this page; sets the page's ETag. */
export function notModified(req: Request, res: Response, page: SlottedPage<string>): boolean {
  res.setHeader('ETag', page.etag);
  if (!req.fresh) return false;
  res.statusCode = 304;
  res.end();
  return true;
}

/** Sends a filled page as HTML (the caller sets caching headers). */
export function sendHtml(res: Response, chunks: readonly Buffer[]): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  res.cork(); // the headers and every chunk leave in one write; end() uncorks
  for (let i = 0; i < chunks.length - 1; i += 1) res.write(chunks[i]);
  res.end(chunks[chunks.length - 1]);
}
