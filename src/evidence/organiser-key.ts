// Checks an OpenPGP public key an admin adds for the organisers: readable, public only (a private key is
// refused and not kept), not revoked or expired, able to encrypt, and not a weak RSA key.
import type * as openpgp from 'openpgp';
import { loadOpenpgp } from './openpgp.ts';

export interface OrganiserKeyInfo {
  readonly fingerprint: string;
  /** The key's first user ID (what GnuPG shows as its name). */
  readonly label: string;
  readonly algorithm: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  /** The key re-armored by us: the public key only. */
  readonly armored: string;
}

export type KeyProblem = 'unreadable' | 'private' | 'revoked' | 'expired' | 'cannot-encrypt' | 'weak';
export type KeyCheck = { ok: true; key: OrganiserKeyInfo } | { ok: false; problem: KeyProblem };

const MIN_RSA_BITS = 2048;
export const MAX_ARMORED_CHARS = 100_000;

/** "ABCD EF01 …": a fingerprint as GnuPG prints it, in groups of four. */
export function formatFingerprint(fingerprint: string): string {
  return fingerprint.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

function describeAlgorithm(info: ReturnType<openpgp.Key['getAlgorithmInfo']>): string {
  const size = 'bits' in info && info.bits ? ` ${info.bits}` : 'curve' in info && info.curve ? ` ${info.curve}` : '';
  return `${info.algorithm}${size}`.slice(0, 60);
}

export async function checkOrganiserKey(armored: string, now: Date): Promise<KeyCheck> {
  if (/PRIVATE KEY/.test(armored)) return { ok: false, problem: 'private' };
  if (armored.length > MAX_ARMORED_CHARS) return { ok: false, problem: 'unreadable' };
  let key: openpgp.Key;
  try {
    key = await (await loadOpenpgp()).readKey({ armoredKey: armored });
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  if (key.isPrivate()) return { ok: false, problem: 'private' };
  if (await key.isRevoked(undefined, undefined, now)) return { ok: false, problem: 'revoked' };
  const expiration = await key.getExpirationTime();
  const expiresAt = expiration instanceof Date ? expiration : null;
  if (expiration === null || (expiresAt && expiresAt <= now)) return { ok: false, problem: 'expired' };
  const info = key.getAlgorithmInfo();
  if (info.algorithm.startsWith('rsa') && (('bits' in info && info.bits) || 0) < MIN_RSA_BITS) return { ok: false, problem: 'weak' };
  try {
    await key.getEncryptionKey(undefined, now);
  } catch {
    return { ok: false, problem: 'cannot-encrypt' };
  }
  return {
    ok: true,
    key: {
      fingerprint: key.getFingerprint().toLowerCase(),
      label: (key.getUserIDs()[0] ?? '').slice(0, 300),
      algorithm: describeAlgorithm(info),
      createdAt: key.getCreationTime(),
      expiresAt,
      armored: key.armor(),
    },
  };
}
