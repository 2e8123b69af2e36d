// IP addresses are never stored: only HMAC(daily key, ip), where the daily key is derived from a
// secret and the UTC date, so yesterday's hashes cannot be linked to today's.
import { hmac } from '../lib/crypto.ts';

export function hashIp(ipKey: Buffer, ip: string | undefined, now: Date): Buffer | null {
  if (!ip) return null;
  const dayKey = hmac(ipKey, `ip-day:${now.toISOString().slice(0, 10)}`);
  return hmac(dayKey, ip.replace(/^::ffff:/, ''));
}
