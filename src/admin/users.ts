// A user as the rest of the area sees it: the address decrypted, the secrets left out. The address is
// found by a keyed hash of its canonical (NFC, trimmed, lower-case) form.
import type { Queryable } from '../db/knex.ts';
import type { Secrets } from '../secrets.ts';
import { decrypt, encrypt, hmac } from '../lib/crypto.ts';
import type { Role } from './roles.ts';
import { findUserRowByEmailHash, findUserRowById, listUserRows, type UserRow } from './users.repo.ts';

export interface User {
  readonly id: number;
  readonly email: string;
  readonly role: Role;
  readonly mustChangePassword: boolean;
  readonly hasTotp: boolean;
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly lastLoginAt: Date | null;
  readonly passwordChangedAt: Date;
}

export const canonicalEmail = (email: string): string => email.normalize('NFC').trim().toLowerCase();

export const emailHash = (secrets: Pick<Secrets, 'lookupKey'>, email: string): Buffer => hmac(secrets.lookupKey, `user-email:${canonicalEmail(email)}`);

export const sealEmail = (secrets: Pick<Secrets, 'encryptionKey'>, email: string): Buffer => encrypt(secrets.encryptionKey, canonicalEmail(email));

export function toUser(secrets: Pick<Secrets, 'encryptionKey'>, row: UserRow): User {
  return {
    id: row.id,
    email: decrypt(secrets.encryptionKey, row.email),
    role: row.role,
    mustChangePassword: row.must_change_password,
    hasTotp: row.totp_secret !== null,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    passwordChangedAt: row.password_changed_at,
  };
}

export async function findUser(db: Queryable, secrets: Secrets, id: number): Promise<User | undefined> {
  const row = await findUserRowById(db, id);
  return row ? toUser(secrets, row) : undefined;
}

export async function findUserByEmail(db: Queryable, secrets: Secrets, email: string): Promise<User | undefined> {
  const row = await findUserRowByEmailHash(db, emailHash(secrets, email));
  return row ? toUser(secrets, row) : undefined;
}

export async function listUsers(db: Queryable, secrets: Secrets): Promise<User[]> {
  return (await listUserRows(db)).map((row) => toUser(secrets, row));
}

/** The TOTP secret (base32) stored for a user, decrypted. */
export const totpSecretOf = (secrets: Pick<Secrets, 'encryptionKey'>, row: Pick<UserRow, 'totp_secret'>): string | undefined =>
  row.totp_secret ? decrypt(secrets.encryptionKey, row.totp_secret) : undefined;
