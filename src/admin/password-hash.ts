// Password hashing: argon2id with OWASP's parameters (m = 19456 KiB, t = 2, p = 1; about 30 ms here).
// Passwords are NFC-normalised first, so the same characters typed on two keyboards match.
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const normalise = (password: string): string => password.normalize('NFC');

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(normalise(password), ARGON2_OPTIONS);
}

/** False for a wrong password and for a hash that cannot be read. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, normalise(password));
  } catch {
    return false;
  }
}

/** True when the hash was made with other parameters (it is then replaced at the next login). */
export const needsRehash = (hash: string): boolean => argon2.needsRehash(hash, ARGON2_OPTIONS);

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password, made once: a login for an unknown address is checked against it, so it
 * costs the same time as one for a real account and the answer cannot tell them apart.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}
