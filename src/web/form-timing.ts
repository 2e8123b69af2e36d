// A signed render time in a hidden field, and a honeypot field that people never see. A form sent
// under 3 s after it was shown, over 24 h later, or with a missing or forged time is flagged.
import { timingSafeEqual } from 'node:crypto';
import { hmac } from '../lib/crypto.ts';

export const HONEYPOT_FIELD = 'website';
export const TIMING_FIELD = 'rendered';
const MIN_MS = 3_000;
const MAX_MS = 24 * 3600 * 1000;

export function signRenderTime(key: Buffer, now: Date): string {
  const at = String(now.getTime());
  return `${at}.${hmac(key, `form:${at}`).toString('base64url').slice(0, 22)}`;
}

export type TimingVerdict = 'ok' | 'too_fast' | 'stale' | 'unsigned';

export function checkRenderTime(key: Buffer, value: unknown, now: Date): TimingVerdict {
  if (typeof value !== 'string' || !/^\d{10,16}\.[A-Za-z0-9_-]{22}$/.test(value)) return 'unsigned';
  const [at = '', signature = ''] = value.split('.');
  const expected = hmac(key, `form:${at}`).toString('base64url').slice(0, 22);
  if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return 'unsigned';
  const elapsed = now.getTime() - Number(at);
  if (elapsed < MIN_MS) return 'too_fast';
  return elapsed > MAX_MS ? 'stale' : 'ok';
}

export function honeypotFilled(body: Record<string, unknown>): boolean {
  const value = body[HONEYPOT_FIELD];
  return value !== undefined && value !== '';
}
