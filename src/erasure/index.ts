// The erasure capability (admins): find everything stored about one email address, by its keyed hash,
// through the hooks other capabilities register (registry.ts), and erase it; the totals keep their count
// unless the admin asks otherwise; the audit log keeps a request id, never the address.
import type { Capability } from '../capability.ts';
import { adminNav } from '../admin/index.ts';
import { createRouter } from '../web/params.ts';
import { addErasureRoutes } from './erasure.routes.ts';

export { erasureHooks, type ErasureContext, type ErasureHook, type HeldRecord } from './registry.ts';
/** For the owner's own pages (/{lang}/my-data): the shared keyed hash, what is held, and its erasure. */
export { countByHash, describeByHash, emailHashOf, eraseByHash, type Described, type ErasureDeps, type Found } from './erase-by-email.ts';

export const erasureCapability: Capability = {
  name: 'erasure',
  web(deps) {
    adminNav.add({ href: '/admin/erasure', labelKey: 'erasure.nav', roles: ['admin'], order: 800 });
    const admin = createRouter();
    addErasureRoutes(admin, deps);
    return { admin };
  },
};
