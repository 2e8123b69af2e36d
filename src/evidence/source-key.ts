// The source's own key pair, made at submission so organisers can reply to an anonymous source. Its public
// half is stored as it is; its private half is sealed with AES-256-GCM under a key derived from the
// receipt with argon2id and a per-report salt, so replies can be read only by someone holding the receipt.
// Replies are encrypted to this key and to the organisers' keys.
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type * as openpgp from 'openpgp';
import { loadOpenpgp } from './openpgp.ts';
import { decrypt, encrypt } from '../lib/crypto.ts';

/**
 * argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane). The receipt has 128 bits, so the cost of this
 * step is not what stops guessing (the size of the space does; a guess costs 2^127 tries either way);
 * GlobaLeaks' 128 MiB are there for 16-digit receipts (53 bits). Measured: 64 MiB here added ~50 MB to
 * the peak memory of a 30 MB upload (test/stress/evidence-memory.test.ts) for no gain in safety.
 * Derived once per submission and once per lookup that matched a report, never for a wrong receipt.
 */
export const SOURCE_KDF = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1, hashLength: 32 } as const;

export interface SealedSourceKey {
  readonly publicKey: string;
  readonly sealed: Buffer;
  readonly salt: Buffer;
}

async function deriveKey(receipt: string, salt: Buffer): Promise<Buffer> {
  return argon2.hash(receipt, { ...SOURCE_KDF, salt, raw: true });
}

/** A new key pair for a report, dated to the day (a key's creation time would otherwise be the submission's). */
export async function makeSourceKey(receipt: string, day: Date): Promise<SealedSourceKey> {
  const { privateKey, publicKey } = await (await loadOpenpgp()).generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Source' }], date: day, format: 'armored' });
  const salt = randomBytes(16);
  const sealed = encrypt(await deriveKey(receipt, salt), privateKey);
  return { publicKey, sealed, salt };
}

/** The source's private key, opened with the receipt (throws if the receipt does not open it). */
export async function openSourceKey(receipt: string, sealed: Buffer, salt: Buffer): Promise<openpgp.PrivateKey> {
  const armored = decrypt(await deriveKey(receipt, salt), sealed);
  return (await loadOpenpgp()).readPrivateKey({ armoredKey: armored });
}
