// The three roles of the organisers' area and the guard other capabilities put on their admin routes.
// admin: users, keys, settings, the audit log. organiser: content, reports, exports, letters.
// moderator: moderation. A route lists every role it allows: no role implies another (an admin is not
// let into a page that says requireRole('organiser') unless it names 'admin' too).
import type { RequestHandler } from 'express';
import { renderAdminError } from './admin-error.ts';

export const ROLES = ['admin', 'organiser', 'moderator'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** A guard that also says which roles it lets through (the tests read it from the router). */
export type RoleGuard = RequestHandler & { readonly allowedRoles: readonly Role[] };

/**
 * Lets the signed-in user through when their role is one of `roles`; otherwise a 403 page in the admin's
 * language. The admin gate has already sent anonymous visitors to the login page.
 */
export function requireRole(...roles: [Role, ...Role[]]): RoleGuard {
  const allowed = new Set<Role>(roles);
  const guard: RequestHandler = (_req, res, next) => {
    const admin = res.locals.admin;
    if (admin && allowed.has(admin.role)) return next();
    renderAdminError(res, 403, 'admin.errors.role');
  };
  return Object.assign(guard, { allowedRoles: Object.freeze([...roles]) });
}
