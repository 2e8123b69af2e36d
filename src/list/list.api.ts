// GET /api/v1/list (JSON), /api/v1/list.csv and /api/v1/list.ftm.json (FollowTheMoney, one entity per
// line): the published entries, filterable by ?category=. The same for everyone: shared caches may keep them.
import type { Response, Router } from 'express';
import { LANGS } from '../i18n/languages.ts';
import { publicCache } from '../web/cache-control.ts';
import { createRouter } from '../web/params.ts';
import { parseQuery } from '../web/query.ts';
import { CATEGORY_ENGLISH } from './categories.ts';
import { publishedEntries, type PublishedEntry } from './entries.repo.ts';
import { listCsv } from './export-csv.ts';
import { listFtmLines } from './export-ftm.ts';
import type { ListDeps } from './list-deps.ts';
import { listQuery } from './list.routes.ts';

export const LIST_NOTICE = 'These entries are proposals for the Zhanaozen list, each with its public sources. They are not findings of guilt.';

const byLang = (e: PublishedEntry, field: 'position' | 'institution' | 'summary') => Object.fromEntries(LANGS.map((l) => [l, e.version.texts[l]?.[field] ?? '']));

export function presentApiEntry(e: PublishedEntry) {
  return {
    slug: e.slug,
    names: e.version.names,
    category: e.version.category,
    categoryName: CATEGORY_ENGLISH[e.version.category],
    position: byLang(e, 'position'),
    institution: byLang(e, 'institution'),
    summary: byLang(e, 'summary'),
    sources: e.version.sources,
    version: e.version.number,
    publishedAt: e.publishedAt.toISOString(),
  };
}

/** Public and the same for everyone: any site may read it, any shared cache may keep it. */
function openToAll(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  publicCache(res);
}

export function listApi(deps: ListDeps): Router {
  const router = createRouter();
  router.get('/list', async (req, res) => {
    const entries = await publishedEntries(deps.db, parseQuery(req, listQuery));
    openToAll(res);
    res.json({ notice: LIST_NOTICE, count: entries.length, entries: entries.map(presentApiEntry) });
  });
  router.get('/list.csv', async (req, res) => {
    const entries = await publishedEntries(deps.db, parseQuery(req, listQuery));
    openToAll(res);
    res.attachment('zhanaozen-list.csv').type('text/csv; charset=utf-8').send(listCsv(entries));
  });
  router.get('/list.ftm.json', async (req, res) => {
    const entries = await publishedEntries(deps.db, parseQuery(req, listQuery));
    openToAll(res);
    res.attachment('zhanaozen-list.ftm.json').type('application/x-ndjson; charset=utf-8').send(listFtmLines(entries)); // after attachment(), which would say application/json
  });
  return router;
}
