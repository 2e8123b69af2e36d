// What crawlers and security researchers look for, all public and cacheable by any shared cache:
// - /robots.txt: index the public pages; keep out of /admin, the anonymous evidence form, the emailed link
//   pages (a token in the URL), the partners' embeds, the language switch (a redirect that sets a cookie)
//   and the personal-data pages;
// - /sitemap.xml: every public page (each capability names its own) in the four languages, each entry
//   with its hreflang alternates (xhtml:link, as Google reads them);
// - /.well-known/security.txt (RFC 9116): Contact from SECURITY_CONTACT; not served (404) when unset.
import type { Response, Router } from 'express';
import { createRouter } from './params.ts';
import { LANGS } from '../i18n/languages.ts';
import { ttlCache } from '../lib/ttl-cache.ts';
import { publicCache } from './cache-control.ts';

export interface CrawlerFilesOptions {
  readonly baseUrl: string;
  readonly securityContact: string | undefined;
  /** Every public page, as paths below /{lang} ("/", "/petitions/zhanaozen-list"). */
  readonly sitemapPaths: () => Promise<readonly string[]>;
  readonly now?: () => Date;
}

const DAY_MS = 24 * 3600 * 1000;
/** security.txt's Expires is set this far ahead (RFC 9116 asks for less than a year), from the start of today (UTC), so the file is the same all day. */
const SECURITY_TXT_DAYS = 180;

export const ROBOTS_DISALLOW = ['/admin', '/*/submit', '/*/confirm/', '/*/withdraw/', '/*/my-data', '/embed/', '/language/'];

const escapeXml = (value: string): string => value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

const pageUrl = (baseUrl: string, lang: string, pagePath: string): string => `${baseUrl}/${lang}${pagePath === '/' ? '/' : pagePath}`;

export function sitemapXml(baseUrl: string, paths: readonly string[]): string {
  const entries = [...new Set(paths)].flatMap((pagePath) => {
    const alternates = LANGS.map((lang) => `    <xhtml:link rel="alternate" hreflang="${lang}" href="${escapeXml(pageUrl(baseUrl, lang, pagePath))}"/>`).join('\n');
    return LANGS.map((lang) => `  <url>\n    <loc>${escapeXml(pageUrl(baseUrl, lang, pagePath))}</loc>\n${alternates}\n  </url>`);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join('\n')}\n</urlset>\n`;
}

export function securityTxt(baseUrl: string, contact: string, now: Date): string {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const expires = new Date(today + SECURITY_TXT_DAYS * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [`Contact: ${contact}`, `Expires: ${expires}`, 'Preferred-Languages: en, ru, kk, pl', `Canonical: ${baseUrl}/.well-known/security.txt`, ''].join('\n');
}

function sendText(res: Response, type: string, body: string): void {
  publicCache(res);
  res.type(type).send(body);
}

export function crawlerFiles(options: CrawlerFilesOptions): Router {
  const router = createRouter();
  const now = options.now ?? (() => new Date());
  // Petitions are few and change rarely; a sitemap is read by crawlers, not people.
  const sitemap = ttlCache(60_000, async () => sitemapXml(options.baseUrl, await options.sitemapPaths()));
  const robots = ['User-agent: *', 'Allow: /', ...ROBOTS_DISALLOW.map((p) => `Disallow: ${p}`), '', `Sitemap: ${options.baseUrl}/sitemap.xml`, ''].join('\n');

  router.get('/robots.txt', (_req, res) => sendText(res, 'text/plain; charset=utf-8', robots));
  router.get('/sitemap.xml', async (_req, res) => sendText(res, 'application/xml; charset=utf-8', await sitemap.get(undefined)));
  router.get('/.well-known/security.txt', (_req, res, next) => {
    if (!options.securityContact) return next();
    sendText(res, 'text/plain; charset=utf-8', securityTxt(options.baseUrl, options.securityContact, now()));
  });
  return router;
}
