// The embeds capability: the petition embed for partner sites' <iframe>s (framable only by the partner
// origins organisers list per petition), the SVG count badge, and the organisers' page with the snippets.
import type { Capability } from '../capability.ts';
import { adminNav } from '../admin/index.ts';
import { embedAdminRoutes } from './admin.routes.ts';
import { badgeApi } from './badge.api.ts';
import { createEmbedDeps } from './embed-deps.ts';
import { embedRoutes } from './embed.routes.ts';

export const embedsCapability: Capability = {
  name: 'embeds',
  web(deps) {
    adminNav.add({ href: '/admin/embeds', labelKey: 'embeds.admin.nav', roles: ['admin', 'organiser'], order: 60 });
    const embeds = createEmbedDeps(deps);
    return { top: embedRoutes(embeds), api: badgeApi(embeds), admin: embedAdminRoutes(embeds) };
  },
};
