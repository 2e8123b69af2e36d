// IP addresses are never stored: only HMAC(daily key, ip), where the daily key is derived from a
// secret and the UTC date, so yesterday's hashes cannot be linked to today's.
import { hmac } from '../lib/crypto.ts';

let cached: { ipKey: Buffer; day: string; dayKey: Buffer } | undefined;

function dayKeyFor(ipKey: Buffer, day: string): Buffer {
  if (cached?.ipKey !== ipKey || cached.day !== day) cached = { ipKey, day, dayKey: hmac(ipKey, `ip-day:${day}`) };
  return cached.dayKey;
}

export function hashIp(ipKey: Buffer, ip: string | undefined, now: Date): Buffer | null {
  if (!ip) return null;
  return hmac(dayKeyFor(ipKey, now.toISOString().slice(0, 10)), ip.replace(/^::ffff:/, ''));
}
