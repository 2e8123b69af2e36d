// The proposed Zhanaozen list: entries drafted by organisers from public sources and evidence, every
// version kept, published only after a second organiser approves; public pages, the JSON API and the
// CSV and FollowTheMoney exports.
import type { Capability } from '../capability.ts';
import { listApi } from './list.api.ts';
import { addListPages } from './list.routes.ts';
import { loadDefaultList } from './load-default-list.ts';

export const listCapability: Capability = {
  name: 'list',
  loadDefaultContent: loadDefaultList,
  web(deps) {
    return { api: listApi(deps), pages: (router) => addListPages(router, deps) };
  },
};
