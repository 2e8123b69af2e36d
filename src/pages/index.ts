// Static pages in every language (the privacy notice).
import type { Capability } from '../capability.ts';
import { pageRoutes } from './pages.routes.ts';

export const pagesCapability: Capability = {
  name: 'pages',
  web: () => ({ pages: (router) => router.use(pageRoutes()), sitemap: async () => ['/privacy'] }),
};
