// The keyed hash of a signer's email domain, stored at signing so moderators can find the signatures of
// one domain by typing it (the app hashes what they type), without decrypting every address. Keyed with
// the lookup key and a purpose prefix: a domain has little entropy, so a plain hash could be reversed by
// trying every known domain; the prefix keeps it apart from the address hashes made with the same key.
import { hmac } from '../lib/crypto.ts';
import { canonicalEmail, emailDomain } from './email-canonical.ts';

export function domainHash(lookupKey: Buffer, canonicalDomain: string): Buffer {
  return hmac(lookupKey, `domain:${canonicalDomain}`);
}

/** The domain as a moderator typed it ("Example.ORG", "@example.org", "bücher.de"), canonical as at signing; undefined if it is none. */
export function canonicalDomainOf(typed: string): string | undefined {
  const bare = typed.trim().replace(/^@/, '');
  if (!/^[^\s@/]+\.[^\s@/]+$/u.test(bare)) return undefined;
  const canonical = canonicalEmail(`x@${bare}`);
  return canonical && emailDomain(canonical);
}

/** The domain hash of an address as stored (decrypted), for filling rows signed before the column existed. */
export function domainHashOfAddress(lookupKey: Buffer, address: string): Buffer | null {
  const canonical = canonicalEmail(address);
  return canonical ? domainHash(lookupKey, emailDomain(canonical)) : null;
}
