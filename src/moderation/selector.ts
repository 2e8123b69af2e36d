// A bulk form's filter as the database matches it: the typed domain → its keyed hash (as stored at
// signing); an IP hash (full, or the shortened prefix the page shows) → the range of hashes it begins.
import { canonicalDomainOf, domainHash } from '../petitions/index.ts';
import type { Selector } from './moderation.repo.ts';
import type { BulkForm } from './moderation.schema.ts';

const HASH_HEX = 64;

export function selectorOf(lookupKey: Buffer, form: BulkForm): Selector {
  if (form.by === 'domain') return { by: 'domain', hash: domainHash(lookupKey, canonicalDomainOf(form.value)!) };
  const prefix = form.value.toLowerCase();
  return { by: 'ip', low: Buffer.from(prefix.padEnd(HASH_HEX, '0'), 'hex'), high: Buffer.from(prefix.padEnd(HASH_HEX, 'f'), 'hex') };
}

/** How the page shows an IP hash: its first 12 hex digits (enough to tell groups apart, and to type back). */
export const shortHash = (hash: Buffer): string => hash.toString('hex').slice(0, 12);
