// A fresh TOTP code for a sensitive action by a signed-in user (an export of personal data, ASVS 6.3 and
// the security bar's E11): an account with TOTP must type the code its app shows now; each code works
// once (the same time-step bookkeeping as the login), and tries are limited per account.
import type { AdminDeps } from './admin-deps.ts';
import { matchTotp, normaliseCode } from './totp.ts';
import { totpSecretOf } from './users.ts';
import { findUserRowById, spendTotpStep } from './users.repo.ts';
import { createLimit } from '../web/rate-limits.ts';

/** Ten tries per account per quarter of an hour (a right code counts too). */
const TRIES = createLimit('fresh-code', 10, 15 * 60);

export type FreshCodeResult = 'ok' | 'not-needed' | 'wrong' | 'reused' | 'throttled';

/** 'not-needed' when the account has no TOTP; otherwise checks (and spends) the code. */
export async function checkFreshCode(deps: AdminDeps, userId: number, rawCode: unknown): Promise<FreshCodeResult> {
  const row = await findUserRowById(deps.db, userId);
  if (!row) throw new Error('checkFreshCode: no such user');
  const secret = totpSecretOf(deps.secrets, row);
  if (!secret) return 'not-needed';
  const now = deps.clock.now();
  if (!(await TRIES.take(deps.db, `user:${userId}`, now))) return 'throttled';
  const code = normaliseCode(rawCode);
  const step = code ? matchTotp(secret, code, now) : undefined;
  if (step === undefined) return 'wrong';
  return (await spendTotpStep(deps.db, userId, step)) ? 'ok' : 'reused';
}
