// GET /api/v1/petitions/{slug}/badge.svg?lang=L: the confirmed count as an SVG image for partner sites
// that want only the number. Kept by shared caches like the API (ETag, 304); its own CSP forbids
// everything (an SVG opened on its own runs nothing); loadable as <img> from any site; no cookie.
import { createHash } from 'node:crypto';
import type { Router } from 'express';
import { z } from 'zod';
import { numberFormatter } from '../i18n/format.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { DEFAULT_LANG, LANGS } from '../i18n/languages.ts';
import { notFound } from '../web/app-error.ts';
import { publicCache } from '../web/cache-control.ts';
import { createRouter } from '../web/params.ts';
import { parseQuery } from '../web/query.ts';
import { badgeSvg } from './badge-svg.ts';
import type { EmbedDeps } from './embed-deps.ts';

/** An unknown language is a 400 (a link with a typo should be noticed, not silently shown in English). */
const badgeQuery = z.object({ lang: z.enum(LANGS).optional() });
export const BADGE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function badgeApi(deps: EmbedDeps): Router {
  const router = createRouter();
  router.get('/petitions/:slug/badge.svg', async (req, res) => {
    const lang = parseQuery(req, badgeQuery).lang ?? DEFAULT_LANG;
    const petition = await deps.petitions.catalog.bySlug(String(req.params.slug)); // its shape checked by web/params.ts
    if (!petition) throw notFound();
    const [counts, text] = await Promise.all([deps.petitions.counts.get(petition.id), deps.petitions.catalog.text(petition.id, lang)]);
    const t = translatorFor(deps.i18n, lang);
    const value = t('embeds.badge.count', { count: counts.total, formattedCount: numberFormatter(lang)(counts.total) });
    const svg = badgeSvg({ lang, label: t('common.siteName'), value, title: `${text?.title ?? petition.slug}: ${value}` });
    res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
    res.setHeader('Content-Security-Policy', BADGE_CSP);
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin'); // an <img> on a partner's page
    publicCache(res);
    res.setHeader('ETag', `W/"${createHash('sha256').update(svg).digest('base64url').slice(0, 27)}"`); // weak: compression changes the bytes
    if (req.fresh) return void res.status(304).end();
    res.end(svg);
  });
  return router;
}
