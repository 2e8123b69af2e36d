// An admin's changes to another account (users page and CLI): role, disabled or not, a new one-time
// password, TOTP removed (a lost phone), sessions ended. Each ends in the audit log. The last admin who
// can sign in can be neither demoted nor disabled, and nobody changes their own role or disables themselves
// here (so an admin cannot lock the area by accident).
import { randomBytes } from 'node:crypto';
import type { AdminDeps } from './admin-deps.ts';
import { audit } from './audit.ts';
import { accountKey, clearFailures } from './login-throttle.ts';
import { hashPassword } from './password-hash.ts';
import { generateOneTimePassword, passwordProblem, type PasswordProblem } from './password-policy.ts';
import type { Role } from './roles.ts';
import { endUserSession, endUserSessions } from './sessions.repo.ts';
import { toUser } from './users.ts';
import { countActiveAdmins, findUserRowById, updateUserRow } from './users.repo.ts';

export interface ManageInput {
  readonly userId: number;
  readonly actor: string;
  /** The acting user's id (undefined from the CLI). */
  readonly actorId?: number;
}

export type ManageResult = { readonly kind: 'ok' } | { readonly kind: 'not-found' } | { readonly kind: 'self' } | { readonly kind: 'last-admin' };

export async function changeRole(deps: AdminDeps, input: ManageInput & { readonly role: Role }): Promise<ManageResult> {
  if (input.actorId === input.userId) return { kind: 'self' };
  return deps.db.transaction(async (trx) => {
    const row = await trx('users').where({ id: input.userId }).forUpdate().first<{ role: Role; disabled_at: Date | null } | undefined>('role', 'disabled_at');
    if (!row) return { kind: 'not-found' } as const;
    if (row.role === input.role) return { kind: 'ok' } as const;
    if (row.role === 'admin' && !row.disabled_at && (await countActiveAdmins(trx, input.userId)) === 0) return { kind: 'last-admin' } as const;
    await updateUserRow(trx, input.userId, { role: input.role });
    await endUserSessions(trx, input.userId); // they sign in again with the new role
    await audit(trx, { actor: input.actor, action: 'user.role-changed', subject: `user:${input.userId}`, details: { from: row.role, to: input.role }, at: deps.clock.now() });
    return { kind: 'ok' } as const;
  });
}

export async function setDisabled(deps: AdminDeps, input: ManageInput & { readonly disabled: boolean }): Promise<ManageResult> {
  if (input.actorId === input.userId) return { kind: 'self' };
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const row = await trx('users').where({ id: input.userId }).forUpdate().first<{ role: Role; disabled_at: Date | null } | undefined>('role', 'disabled_at');
    if (!row) return { kind: 'not-found' } as const;
    if ((row.disabled_at !== null) === input.disabled) return { kind: 'ok' } as const;
    if (input.disabled && row.role === 'admin' && (await countActiveAdmins(trx, input.userId)) === 0) return { kind: 'last-admin' } as const;
    await updateUserRow(trx, input.userId, { disabled_at: input.disabled ? now : null });
    if (input.disabled) await endUserSessions(trx, input.userId);
    await audit(trx, { actor: input.actor, action: input.disabled ? 'user.disabled' : 'user.enabled', subject: `user:${input.userId}`, at: now });
    return { kind: 'ok' } as const;
  });
}

export type ResetPasswordResult = { readonly kind: 'ok'; readonly password: string } | { readonly kind: 'not-found' } | { readonly kind: 'bad-password'; readonly problem: PasswordProblem };

/**
 * A new one-time password (generated unless given), its sessions ended and its lockout lifted; with
 * `resetTotp` its TOTP removed as well. For an operator who has locked themselves out, from the CLI.
 */
export async function resetPassword(deps: AdminDeps, input: ManageInput & { readonly password?: string; readonly resetTotp?: boolean }): Promise<ResetPasswordResult> {
  const found = await findUserRowById(deps.db, input.userId);
  if (!found) return { kind: 'not-found' };
  const email = toUser(deps.secrets, found).email;
  const password = input.password ?? generateOneTimePassword(randomBytes);
  const problem = passwordProblem(password, email);
  if (problem) return { kind: 'bad-password', problem };
  const hash = await hashPassword(password);
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const totp = input.resetTotp ? { totp_secret: null, totp_enabled_at: null, totp_last_step: null } : {};
    await updateUserRow(trx, input.userId, { password_hash: hash, must_change_password: true, password_changed_at: now, ...totp });
    await endUserSessions(trx, input.userId);
    await clearFailures(trx, accountKey(deps.secrets.lookupKey, email));
    await audit(trx, { actor: input.actor, action: 'user.password-reset', subject: `user:${input.userId}`, details: { totpRemoved: input.resetTotp === true }, at: now });
  });
  return { kind: 'ok', password };
}

export async function resetTotp(deps: AdminDeps, input: ManageInput): Promise<ManageResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    if (!(await updateUserRow(trx, input.userId, { totp_secret: null, totp_enabled_at: null, totp_last_step: null }))) return { kind: 'not-found' } as const;
    await endUserSessions(trx, input.userId);
    await audit(trx, { actor: input.actor, action: 'user.totp-removed', subject: `user:${input.userId}`, at: now });
    return { kind: 'ok' } as const;
  });
}

/** Ends one session (by handle) or all of a user's sessions. */
export async function revokeSessions(deps: AdminDeps, input: ManageInput & { readonly handle?: string; readonly exceptSid?: string }): Promise<ManageResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const ended = input.handle ? Number(await endUserSession(trx, input.userId, input.handle)) : await endUserSessions(trx, input.userId, input.exceptSid);
    if (ended === 0 && input.handle) return { kind: 'not-found' } as const;
    await audit(trx, { actor: input.actor, action: 'user.sessions-ended', subject: `user:${input.userId}`, details: { ended, one: input.handle !== undefined }, at: now });
    return { kind: 'ok' } as const;
  });
}
