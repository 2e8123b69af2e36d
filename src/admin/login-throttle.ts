// Login lockout: failures are counted per account (a keyed hash of the address typed, whether or not such
// an account exists, so a lock says nothing about who has one) and per hashed IP. 10 failures for an
// address within 15 minutes, or 20 from one IP, lock it for 15 minutes; a locked login is refused without
// checking the password, and a successful one clears its address's count.
//
// The counters live in the shared rate_limits table (key, points, expire in ms), under their own key
// prefixes: points = failures in the window; expire = the window's end, pushed to the lock's end when the
// limit is reached.
import type { Queryable } from '../db/knex.ts';
import { hmac } from '../lib/crypto.ts';
import { canonicalEmail } from './users.ts';

export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

export interface ThrottleKey {
  readonly key: string;
  readonly max: number;
}

/** The key of an address as typed (canonical form), for an existing account or not. */
export const accountKey = (lookupKey: Buffer, email: string): ThrottleKey => ({
  key: `admin-login-account:${hmac(lookupKey, `admin-login:${canonicalEmail(email)}`).toString('hex').slice(0, 32)}`,
  max: 10,
});

/** The key of a daily IP hash (web/ip-hash.ts). */
export const ipKey = (ipHash: Buffer): ThrottleKey => ({ key: `admin-login-ip:${ipHash.toString('hex').slice(0, 32)}`, max: 20 });

export async function isLocked(db: Queryable, keys: readonly ThrottleKey[], now: Date): Promise<boolean> {
  const rows = (await db('rate_limits').whereIn('key', keys.map((k) => k.key)).select('key', 'points', 'expire')) as { key: string; points: number; expire: string }[];
  return rows.some((row) => {
    const limit = keys.find((k) => k.key === row.key)!;
    return row.points >= limit.max && Number(row.expire) > now.getTime();
  });
}

/** Counts one failure against each key (in key order, so two logins cannot deadlock). */
export async function recordFailure(db: Queryable, keys: readonly ThrottleKey[], now: Date): Promise<void> {
  const at = now.getTime();
  for (const { key, max } of [...keys].sort((a, b) => a.key.localeCompare(b.key))) {
    await db.raw(
      `insert into rate_limits (key, points, expire) values (?, 1, ?)
       on conflict (key) do update set
         points = case when rate_limits.expire <= ? then 1 else rate_limits.points + 1 end,
         expire = case when rate_limits.expire <= ? then excluded.expire
                       when rate_limits.points + 1 >= ? then ? else rate_limits.expire end`,
      [key, at + WINDOW_MS, at, at, max, at + LOCK_MS],
    );
  }
}

export async function clearFailures(db: Queryable, key: ThrottleKey): Promise<void> {
  await db('rate_limits').where({ key: key.key }).delete();
}
