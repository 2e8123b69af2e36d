// The organisers' area (/admin): accounts, sessions, login with TOTP, roles, the session-bound form
// token, the audit log and the admin shell (layout, navigation, home page). See README.md here for how
// another capability adds admin pages.
import type { Capability } from '../capability.ts';
import { adminRoutes } from './admin.routes.ts';
import { adminGate } from './gate.ts';
import { userCommands } from './cli.ts';
import { adminNav } from './nav.ts';
import { dummyHash } from './password-hash.ts';
import { ROLES } from './roles.ts';

export { requireRole, ROLES, isRole, type Role, type RoleGuard } from './roles.ts';
export { audit, actorOf, CLI_ACTOR, SYSTEM_ACTOR, type AuditEntry, type AuditValue } from './audit.ts';
export { adminNav, type AdminNavItem, type AdminNavLink } from './nav.ts';
export { currentAdmin, adminActor, type AdminPrincipal } from './principal.ts';
export { renderAdminError } from './admin-error.ts';

export const adminCapability: Capability = {
  name: 'admin',
  commands: userCommands,
  web(deps) {
    // Made now, so the first login for an unknown address does not take longer than the others.
    dummyHash().catch((error: unknown) => deps.logger.error({ err: error }, 'could not prepare the login dummy hash'));
    adminNav.add({ href: '/admin', labelKey: 'admin.nav.home', roles: ROLES, order: 0 });
    adminNav.add({ href: '/admin/users', labelKey: 'admin.nav.users', roles: ['admin'], order: 900 });
    adminNav.add({ href: '/admin/audit', labelKey: 'admin.nav.audit', roles: ['admin'], order: 910 });
    return { adminGate: adminGate(deps), admin: adminRoutes(deps) };
  },
};
