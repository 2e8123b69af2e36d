// After a source has entered their receipt, the status page's "add more" form carries this token instead
// of the receipt: the report id and an expiry, sealed (AES-256-GCM) with a key of its own. No cookie and
// no server-side row; it stops working after SESSION_MINUTES, and it cannot open the source's replies.
import { decrypt, encrypt } from '../lib/crypto.ts';

export const SESSION_MINUTES = 60;

export function sealSourceSession(key: Buffer, reportId: string, now: Date): string {
  return encrypt(key, JSON.stringify({ r: reportId, e: now.getTime() + SESSION_MINUTES * 60_000 })).toString('base64url');
}

/** The report id, or undefined when the token is forged, damaged or expired. */
export function openSourceSession(key: Buffer, token: unknown, now: Date): string | undefined {
  if (typeof token !== 'string' || token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const value = JSON.parse(decrypt(key, Buffer.from(token, 'base64url'))) as { r?: unknown; e?: unknown };
    if (typeof value.r !== 'string' || typeof value.e !== 'number' || value.e < now.getTime()) return undefined;
    return value.r;
  } catch {
    return undefined;
  }
}
