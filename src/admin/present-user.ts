// A user as the users pages show it: translated role and state, dates in the admin's language.
import type { Translate } from '../i18n/i18n.ts';
import type { User } from './users.ts';

import type { Role } from './roles.ts';

export const ROLE_LABELS: Record<Role, string> = { admin: 'admin.roles.admin', organiser: 'admin.roles.organiser', moderator: 'admin.roles.moderator' };

export interface UserView {
  readonly id: number;
  readonly email: string;
  readonly role: string;
  readonly roleLabel: string;
  readonly disabled: boolean;
  readonly state: string;
  readonly totp: string;
  readonly hasTotp: boolean;
  readonly createdAt: string;
  readonly lastLogin: string;
  readonly href: string;
}

export function presentUser(t: Translate, formatDateTime: (d: Date) => string, user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    roleLabel: t(ROLE_LABELS[user.role]),
    disabled: user.disabled,
    state: t(user.disabled ? 'admin.users.state.disabled' : user.mustChangePassword ? 'admin.users.state.oneTime' : 'admin.users.state.active'),
    totp: t(user.hasTotp ? 'admin.users.totp.on' : 'admin.users.totp.off'),
    hasTotp: user.hasTotp,
    createdAt: formatDateTime(user.createdAt),
    lastLogin: user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('admin.users.never'),
    href: `/admin/users/${user.id}`,
  };
}
