// TOTP (RFC 6238) with otpauth: SHA-1, 6 digits, 30-second steps, a 160-bit secret, one step either side
// accepted. matchTotp returns the time-step a code belongs to, so the caller can refuse a step already used.
import { Secret, TOTP } from 'otpauth';

const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
export const TOTP_ISSUER = 'Dauys';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address an authenticator app reads (from the QR code or typed in). */
export function otpauthUri(secretBase32: string, label: string): string {
  return new TOTP({ ...PARAMS, issuer: TOTP_ISSUER, label, secret: Secret.fromBase32(secretBase32) }).toString();
}

/** A code as typed: digits, with any spaces removed; undefined unless it is six digits. */
export function normaliseCode(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const code = raw.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}

/** The time-step of a valid code at `now` (±1 step), or undefined. */
export function matchTotp(secretBase32: string, code: string, now: Date): number | undefined {
  const timestamp = now.getTime();
  const delta = TOTP.validate({ ...PARAMS, token: code, secret: Secret.fromBase32(secretBase32), timestamp, window: 1 });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PARAMS.period, timestamp }) + delta;
}

/** The code for `now` (tests and the CLI's checks). */
export function totpCode(secretBase32: string, now: Date): string {
  return TOTP.generate({ ...PARAMS, secret: Secret.fromBase32(secretBase32), timestamp: now.getTime() });
}

/** The secret in groups of four, as it is easier to type. */
export const groupSecret = (secretBase32: string): string => secretBase32.replace(/(.{4})(?=.)/g, '$1 ');
