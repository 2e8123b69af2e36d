// The proposed Zhanaozen list: entries drafted by organisers from public sources and evidence, every
// version kept, published only after a second organiser approves; public pages, the JSON API and the
// CSV and FollowTheMoney exports.
import { adminNav } from '../admin/index.ts';
import type { Capability } from '../capability.ts';
import { listAdmin } from './admin.routes.ts';
import { publishedEntries } from './entries.repo.ts';
import { listApi } from './list.api.ts';
import { addListPages } from './list.routes.ts';
import { loadDefaultList } from './load-default-list.ts';

export const listCapability: Capability = {
  name: 'list',
  loadDefaultContent: loadDefaultList,
  web(deps) {
    adminNav.add({ href: '/admin/list', labelKey: 'list.admin.nav', roles: ['admin', 'organiser'], order: 50 });
    return {
      api: listApi(deps),
      pages: (router) => addListPages(router, deps),
      admin: listAdmin(deps),
      sitemap: async () => ['/list', ...(await publishedEntries(deps.db)).map((e) => `/list/${e.slug}`)],
    };
  },
};
