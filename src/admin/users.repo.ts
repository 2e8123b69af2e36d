// The users table (knex only). Addresses and TOTP secrets are stored encrypted: the rows here are raw;
// users.ts decrypts them into User values.
import type { Queryable } from '../db/knex.ts';
import type { Role } from './roles.ts';

export interface UserRow {
  readonly id: number;
  readonly email_hash: Buffer;
  readonly email: Buffer;
  readonly password_hash: string;
  readonly role: Role;
  readonly must_change_password: boolean;
  readonly totp_secret: Buffer | null;
  /** A bigint: pg reads it as a string. */
  readonly totp_last_step: string | number | null;
  readonly totp_enabled_at: Date | null;
  readonly disabled_at: Date | null;
  readonly created_at: Date;
  readonly last_login_at: Date | null;
  readonly password_changed_at: Date;
}

export interface NewUserRow {
  readonly email_hash: Buffer;
  readonly email: Buffer;
  readonly password_hash: string;
  readonly role: Role;
  readonly must_change_password: boolean;
  readonly created_at: Date;
  readonly password_changed_at: Date;
}

export type UserPatch = Partial<Omit<UserRow, 'id' | 'email_hash' | 'email' | 'created_at'>>;

export const findUserRowById = (db: Queryable, id: number): Promise<UserRow | undefined> => db('users').where({ id }).first<UserRow | undefined>();

export const findUserRowByEmailHash = (db: Queryable, emailHash: Buffer): Promise<UserRow | undefined> =>
  db('users').where({ email_hash: emailHash }).first<UserRow | undefined>();

export const listUserRows = (db: Queryable): Promise<UserRow[]> => db('users').orderBy('id') as Promise<UserRow[]>;

/** The new user's id, or undefined when the address is taken. */
export async function insertUserRow(db: Queryable, row: NewUserRow): Promise<number | undefined> {
  const inserted = (await db('users').insert(row).onConflict('email_hash').ignore().returning('id')) as { id: number }[];
  return inserted[0]?.id;
}

export async function updateUserRow(db: Queryable, id: number, patch: UserPatch): Promise<boolean> {
  return (await db('users').where({ id }).update(patch)) > 0;
}

/**
 * Records a TOTP time-step as used, if it is later than the last one: false when it (or a later one) was
 * used already, so a code seen over someone's shoulder cannot be replayed.
 */
export async function spendTotpStep(db: Queryable, id: number, step: number): Promise<boolean> {
  const updated = await db('users')
    .where({ id })
    .andWhere((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
    .update({ totp_last_step: step });
  return updated > 0;
}

/** Admins that can sign in (not disabled), optionally leaving one out. */
export async function countActiveAdmins(db: Queryable, except?: number): Promise<number> {
  const query = db('users').where({ role: 'admin' }).whereNull('disabled_at');
  if (except !== undefined) query.whereNot({ id: except });
  const row = (await query.count<{ n: string }[]>('* as n'))[0];
  return Number(row?.n ?? 0);
}
