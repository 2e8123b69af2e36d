// What each capability stores about an email address, and how to erase it: the "erase by email hash"
// hooks. A capability that keeps personal data keyed by an address (signatures today; letters, donations
// and consents later) registers one hook from its web() (as with the admin navigation: never at module
// top level, since capabilities import each other's index.ts). Every hook finds its records by the same
// keyed hash: HMAC-SHA256(secrets.lookupKey, canonical address), the canonical form being the petitions'
// de-duplication rule (petitions/email-canonical.ts). Store that hash beside the data to be erasable.
import type { Queryable, Tx } from '../db/knex.ts';

export interface ErasureContext {
  readonly now: Date;
  /** Take the records out of every total too (default: totals keep them, anonymised). */
  readonly removeFromTotals: boolean;
}

export interface ErasureHook {
  /** What it holds, as a stable name for the audit log: "signatures", "letters", … */
  readonly kind: string;
  /** The translation key of its name on the erasure page. */
  readonly labelKey: string;
  /** How many records hold data about the address. */
  count(db: Queryable, emailHash: Buffer): Promise<number>;
  /** Erases them in the caller's transaction (personal data nulled or rows deleted); how many it erased. */
  erase(trx: Tx, emailHash: Buffer, context: ErasureContext): Promise<number>;
}

const hooks = new Map<string, ErasureHook>();

export const erasureHooks = {
  /** Registering the same kind again replaces it (several apps in one process, as in the tests). */
  register(hook: ErasureHook): void {
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(hook.kind)) throw new Error(`erasure: bad kind ${JSON.stringify(hook.kind)}`);
    hooks.set(hook.kind, hook);
  },
  list(): ErasureHook[] {
    return [...hooks.values()].sort((a, b) => a.kind.localeCompare(b.kind));
  },
};
