// Use-case: an organiser lifts the suppression of an address they type: it is hashed as every lookup
// is (never stored or logged), the row goes, and the audit entry names the hash only.
import { audit } from '../admin/index.ts';
import { hmac } from '../lib/crypto.ts';
import { liftSuppression } from '../mail/suppression.ts';
import { canonicalEmail } from '../petitions/index.ts';
import type { SupporterDeps } from './supporter-deps.ts';

export type LiftResult = { kind: 'lifted' } | { kind: 'not-suppressed' } | { kind: 'invalid' };

export const emailLookupHash = (lookupKey: Buffer, address: string): Buffer | undefined => {
  const canonical = canonicalEmail(address);
  return canonical ? hmac(lookupKey, canonical) : undefined;
};

/** The short form of a hash shown on the organisers' page and in the audit log. */
export const shortHash = (hash: Buffer): string => hash.toString('hex').slice(0, 16);

export async function liftAddress(deps: SupporterDeps, input: { email: string; actor: string }): Promise<LiftResult> {
  const hash = emailLookupHash(deps.secrets.lookupKey, input.email.trim());
  if (!hash || !input.email.includes('@') || input.email.length > 254) return { kind: 'invalid' };
  return deps.db.transaction(async (trx) => {
    if (!(await liftSuppression(trx, hash))) return { kind: 'not-suppressed' } as const;
    await audit(trx, { actor: input.actor, action: 'suppression.lifted', subject: `suppression:${shortHash(hash)}` });
    return { kind: 'lifted' } as const;
  });
}
