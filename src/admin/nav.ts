// The admin navigation. Each capability adds its own entries, with the roles that may see them, from its
// web() (never at module top level: capabilities import each other's index.ts, and a call there could run
// before this module is ready). Adding the same href again replaces the entry, so building several apps in
// one process (tests) never duplicates it.
import type { Role } from './roles.ts';

export interface AdminNavItem {
  /** Where it leads: a path under /admin. */
  readonly href: `/admin${string}`;
  /** A translation key, e.g. 'moderation.admin.nav'. */
  readonly labelKey: string;
  /** Who sees it (give the same roles as the page's requireRole). */
  readonly roles: readonly Role[];
  /** Position: lower first. The admin's own entries: home 0, users 900, audit log 910. */
  readonly order: number;
}

export interface AdminNavLink {
  readonly href: string;
  readonly labelKey: string;
  readonly current: boolean;
}

const items = new Map<string, AdminNavItem>();

export const adminNav = {
  add(item: AdminNavItem): void {
    if (!item.href.startsWith('/admin')) throw new Error(`admin nav: ${item.href} is not under /admin`);
    items.set(item.href, item);
  },
  /** The entries a role may see, in order, with the current page marked. */
  linksFor(role: Role, currentPath: string): AdminNavLink[] {
    return [...items.values()]
      .filter((item) => item.roles.includes(role))
      .sort((a, b) => a.order - b.order || a.href.localeCompare(b.href))
      .map((item) => ({ href: item.href, labelKey: item.labelKey, current: item.href === '/admin' ? currentPath === '/admin' || currentPath === '/admin/' : currentPath === item.href || currentPath.startsWith(`${item.href}/`) }));
  },
};
