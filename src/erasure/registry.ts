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

/** One record held about an address, as its owner sees it on /{lang}/my-data and in its JSON download. */
export interface HeldRecord {
  /** A stable name of what it is ("signature", "letter", "donation", "suppression", …): the JSON key it is grouped under. */
  readonly kind: string;
  /**
   * Field name → plain value, decrypted (dates as ISO 8601 strings). Names are stable JSON keys; the page
   * labels each with the translation key `my-data.fields.<name>` (the name itself when there is none: a
   * hook's labelKey is a string, so it cannot also hold field keys), and shows the kind as
   * `my-data.kinds.<kind>`; add a hook's new field names there (locales/<lang>/my-data.json).
   */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
}

export interface ErasureHook {
  /** What it holds, as a stable name for the audit log: "signatures", "letters", … */
  readonly kind: string;
  /** The translation key of its name on the erasure page. */
  readonly labelKey: string;
  /** How many records hold data about the address. */
  count(db: Queryable, emailHash: Buffer): Promise<number>;
  /**
   * Everything it holds about the address, decrypted, for the owner's own view (/my-data). Optional only
   * for hooks that hold nothing a person could read (a rate-limit row); every hook that stores personal
   * data must describe it.
   */
  describe?(db: Queryable, emailHash: Buffer): Promise<HeldRecord[]>;
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
