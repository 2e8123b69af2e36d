// A user's changes to their own account: a new password (the current one, the new one twice) and TOTP
// set up with a code from the new secret. Either ends the user's other sessions (ASVS 7.4.3).
import type { AdminDeps } from './admin-deps.ts';
import { audit, actorOf } from './audit.ts';
import { encrypt } from '../lib/crypto.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { passwordProblem, type PasswordProblem } from './password-policy.ts';
import { endUserSessions } from './sessions.repo.ts';
import { matchTotp, normaliseCode } from './totp.ts';
import { toUser } from './users.ts';
import { findUserRowById, updateUserRow } from './users.repo.ts';

export interface PasswordForm {
  readonly current: string;
  readonly password: string;
  readonly confirm: string;
}

export type PasswordError = 'current' | 'confirm' | 'same' | PasswordProblem;
export type ChangePasswordResult = { readonly kind: 'ok' } | { readonly kind: 'invalid'; readonly errors: Partial<Record<'current' | 'password' | 'confirm', PasswordError>> };

export async function changePassword(deps: AdminDeps, input: { readonly userId: number; readonly sid: string; readonly form: PasswordForm }): Promise<ChangePasswordResult> {
  const row = await findUserRowById(deps.db, input.userId);
  if (!row) throw new Error('changePassword: no such user');
  const { current, password, confirm } = input.form;
  const errors: Partial<Record<'current' | 'password' | 'confirm', PasswordError>> = {};
  if (!(await verifyPassword(row.password_hash, current))) errors.current = 'current';
  const problem = passwordProblem(password, toUser(deps.secrets, row).email);
  if (problem) errors.password = problem;
  else if (password === current) errors.password = 'same';
  if (!errors.password && confirm !== password) errors.confirm = 'confirm';
  if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
  const hash = await hashPassword(password);
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    await updateUserRow(trx, row.id, { password_hash: hash, must_change_password: false, password_changed_at: now });
    const ended = await endUserSessions(trx, row.id, input.sid);
    await audit(trx, { actor: actorOf(row), action: 'user.password-changed', subject: actorOf(row), details: { otherSessionsEnded: ended }, at: now });
  });
  return { kind: 'ok' };
}

export type EnableTotpResult = { readonly kind: 'ok' } | { readonly kind: 'invalid'; readonly errors: Partial<Record<'current' | 'code', true>> };

/**
 * Stores the secret once the current password (a factor is changed only by someone who knows it) and a
 * code from the new secret check out; that code's time-step counts as used.
 */
export async function enableTotp(deps: AdminDeps, input: { readonly userId: number; readonly sid: string; readonly current: string; readonly secret: string; readonly code: unknown }): Promise<EnableTotpResult> {
  const row = await findUserRowById(deps.db, input.userId);
  if (!row) throw new Error('enableTotp: no such user');
  const now = deps.clock.now();
  const code = normaliseCode(input.code);
  const step = code ? matchTotp(input.secret, code, now) : undefined;
  const errors: Partial<Record<'current' | 'code', true>> = {};
  if (!(await verifyPassword(row.password_hash, input.current))) errors.current = true;
  if (step === undefined) errors.code = true;
  if (step === undefined || errors.current) return { kind: 'invalid', errors };
  await deps.db.transaction(async (trx) => {
    const subject = actorOf({ id: input.userId });
    await updateUserRow(trx, input.userId, { totp_secret: encrypt(deps.secrets.encryptionKey, input.secret), totp_enabled_at: now, totp_last_step: step });
    const ended = await endUserSessions(trx, input.userId, input.sid);
    await audit(trx, { actor: subject, action: 'user.totp-enabled', subject, details: { otherSessionsEnded: ended }, at: now });
  });
  return { kind: 'ok' };
}
