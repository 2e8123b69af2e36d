// The public list: GET /{lang}/list (filter ?category=) and GET /{lang}/list/{slug}. Published entries only;
// each page says that entries are proposals with their sources, not findings. The same for everyone, so
// any shared cache may keep them.
import type { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../web/app-error.ts';
import { publicCache } from '../web/cache-control.ts';
import { parseQuery } from '../web/query.ts';
import { CATEGORIES, CATEGORY_KEYS } from './categories.ts';
import { publishedEntries } from './entries.repo.ts';
import type { ListDeps } from './list-deps.ts';
import { presentEntry, presentFilters } from './present-list.ts';

export const listQuery = z.object({ category: z.enum(CATEGORIES).optional() });

export function addListPages(router: Router, deps: ListDeps): void {
  router.get('/list', async (req, res) => {
    const { category } = parseQuery(req, listQuery);
    const lang = res.locals.lang;
    const entries = (await publishedEntries(deps.db, { category })).map((e) => presentEntry(lang, e));
    publicCache(res);
    res.render('list/index', { entries, filters: presentFilters(lang, category), categoryKey: category ? CATEGORY_KEYS[category] : undefined });
  });

  router.get('/list/:slug', async (req, res) => {
    const [entry] = await publishedEntries(deps.db, { slug: String(req.params.slug) });
    if (!entry) throw notFound();
    publicCache(res);
    res.render('list/entry', { entry: presentEntry(res.locals.lang, entry) });
  });
}
