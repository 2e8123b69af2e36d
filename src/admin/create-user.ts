// Creating an account (users page or `npm run cli -- users:create`). Without a password given, one is
// generated; either way it is a one-time password, to be changed at the first login.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AdminDeps } from './admin-deps.ts';
import { audit } from './audit.ts';
import { hashPassword } from './password-hash.ts';
import { generateOneTimePassword, passwordProblem, type PasswordProblem } from './password-policy.ts';
import type { Role } from './roles.ts';
import { canonicalEmail, emailHash, sealEmail } from './users.ts';
import { insertUserRow } from './users.repo.ts';

export interface CreateUserInput {
  readonly email: string;
  readonly role: Role;
  /** A chosen password; generated when left out. */
  readonly password?: string;
  /** Whether it must be changed at the first login (default true). */
  readonly mustChangePassword?: boolean;
  readonly actor: string;
}

export type CreateUserResult =
  | { readonly kind: 'created'; readonly id: number; readonly email: string; readonly password: string }
  | { readonly kind: 'bad-email' }
  | { readonly kind: 'bad-password'; readonly problem: PasswordProblem }
  | { readonly kind: 'exists' };

const EMAIL = z.email().max(254);

export const isEmailAddress = (value: string): boolean => EMAIL.safeParse(canonicalEmail(value)).success;

export async function createUser(deps: AdminDeps, input: CreateUserInput): Promise<CreateUserResult> {
  const email = canonicalEmail(input.email);
  if (!isEmailAddress(email)) return { kind: 'bad-email' };
  const password = input.password ?? generateOneTimePassword(randomBytes);
  const problem = passwordProblem(password, email);
  if (problem) return { kind: 'bad-password', problem };
  const now = deps.clock.now();
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (trx) => {
    const id = await insertUserRow(trx, {
      email_hash: emailHash(deps.secrets, email),
      email: sealEmail(deps.secrets, email),
      password_hash: passwordHash,
      role: input.role,
      must_change_password: input.mustChangePassword ?? true,
      created_at: now,
      password_changed_at: now,
    });
    if (id === undefined) return { kind: 'exists' } as const;
    await audit(trx, { actor: input.actor, action: 'user.created', subject: `user:${id}`, details: { role: input.role }, at: now });
    return { kind: 'created', id, email, password } as const;
  });
}
