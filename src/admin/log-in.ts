// Logging in: the address, the password and, for an account with TOTP, a code. Every failure has the
// same answer, and costs the same time whether the account exists or not (an unknown address is checked
// against a dummy hash). Failures count towards the lockout (login-throttle.ts); logins and failures go
// to the audit log with the account's id or a keyed hash of the address, and a hashed IP, never the
// password or the address.
import { audit, actorOf } from './audit.ts';
import type { AdminDeps } from './admin-deps.ts';
import { hashIp } from '../web/ip-hash.ts';
import { accountKey, clearFailures, ipKey, isLocked, recordFailure, type ThrottleKey } from './login-throttle.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password-hash.ts';
import { matchTotp, normaliseCode } from './totp.ts';
import { emailHash, toUser, totpSecretOf, type User } from './users.ts';
import { findUserRowByEmailHash, spendTotpStep, updateUserRow, type UserRow } from './users.repo.ts';

export interface LogInInput {
  readonly email: string;
  readonly password: string;
  readonly code?: string;
  readonly ip: string | undefined;
}

export type LogInResult = { readonly kind: 'ok'; readonly user: User } | { readonly kind: 'failed' } | { readonly kind: 'locked' };

type Failure = 'unknown' | 'password' | 'disabled' | 'code' | 'code-reused';

const short = (hash: Buffer): string => hash.toString('hex').slice(0, 32);

/** Checks the code; records its time-step so it works once. */
async function checkCode(deps: AdminDeps, row: UserRow, rawCode: string | undefined, now: Date): Promise<Failure | undefined> {
  const secret = totpSecretOf(deps.secrets, row);
  if (!secret) return undefined;
  const code = normaliseCode(rawCode);
  const step = code ? matchTotp(secret, code, now) : undefined;
  if (step === undefined) return 'code';
  return (await spendTotpStep(deps.db, row.id, step)) ? undefined : 'code-reused';
}

async function verify(deps: AdminDeps, row: UserRow | undefined, input: LogInInput, now: Date): Promise<Failure | undefined> {
  if (!row) {
    await verifyPassword(await dummyHash(), input.password);
    return 'unknown';
  }
  if (!(await verifyPassword(row.password_hash, input.password))) return 'password';
  if (row.disabled_at) return 'disabled';
  return checkCode(deps, row, input.code, now);
}

export async function logIn(deps: AdminDeps, input: LogInInput): Promise<LogInResult> {
  const now = deps.clock.now();
  const addressHash = emailHash(deps.secrets, input.email);
  const ip = hashIp(deps.secrets.ipKey, input.ip, now);
  const keys: ThrottleKey[] = [accountKey(deps.secrets.lookupKey, input.email)];
  if (ip) keys.push(ipKey(ip));
  const ipHash = ip ? short(ip).slice(0, 16) : null;

  const row = await findUserRowByEmailHash(deps.db, addressHash);
  const subject = row ? actorOf(row) : `account:${short(addressHash).slice(0, 16)}`;
  if (await isLocked(deps.db, keys, now)) {
    await audit(deps.db, { actor: 'anonymous', action: 'auth.login-locked', subject, details: { ipHash }, at: now });
    return { kind: 'locked' };
  }
  const failure = await verify(deps, row, input, now);
  if (failure || !row) {
    await recordFailure(deps.db, keys, now);
    // Whoever tried is not known to be the account's owner: the actor is "anonymous", the account the subject.
    await audit(deps.db, { actor: 'anonymous', action: 'auth.login-failed', subject, details: { why: failure ?? 'unknown', ipHash }, at: now });
    return { kind: 'failed' };
  }
  await clearFailures(deps.db, keys[0]!);
  const rehash = needsRehash(row.password_hash) ? { password_hash: await hashPassword(input.password) } : {};
  await updateUserRow(deps.db, row.id, { last_login_at: now, ...rehash });
  await audit(deps.db, { actor: actorOf(row), action: 'auth.login', subject: actorOf(row), details: { ipHash, totp: row.totp_secret !== null }, at: now });
  return { kind: 'ok', user: toUser(deps.secrets, { ...row, last_login_at: now }) };
}
