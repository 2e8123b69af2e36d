// Use-cases: find everything stored about one email address (every registered hook, by the address's
// keyed hash), and erase it in one transaction. The totals keep the erased signatures unless the admin
// asks otherwise. The audit log keeps a request id, the first 4 bytes of the hash and the counts: never
// the address. Looking an address up is logged too (whether someone signed is itself sensitive).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../container.ts';
import type { Db } from '../db/knex.ts';
import type { Secrets } from '../secrets.ts';
import { audit } from '../admin/index.ts';
import { hmac } from '../lib/crypto.ts';
import { canonicalEmail } from '../petitions/index.ts';
import { erasureHooks, type HeldRecord } from './registry.ts';

export interface ErasureDeps {
  readonly db: Db;
  readonly secrets: Pick<Secrets, 'lookupKey'>;
  readonly clock: Clock;
}

export interface Found {
  readonly kind: string;
  readonly labelKey: string;
  readonly count: number;
}

export const hashPrefix = (hash: Buffer): string => hash.subarray(0, 4).toString('hex');

/** The keyed hash every hook finds records by, or undefined when it is not an address. */
export function emailHashOf(secrets: Pick<Secrets, 'lookupKey'>, address: string): Buffer | undefined {
  const canonical = address.includes('@') ? canonicalEmail(address.normalize('NFC').trim()) : undefined;
  return canonical ? hmac(secrets.lookupKey, canonical) : undefined;
}

export async function countByHash(deps: ErasureDeps, hash: Buffer): Promise<Found[]> {
  return Promise.all(erasureHooks.list().map(async (h) => ({ kind: h.kind, labelKey: h.labelKey, count: await h.count(deps.db, hash) })));
}

export interface Described {
  readonly kind: string;
  readonly labelKey: string;
  readonly records: readonly HeldRecord[];
}

/** Everything every hook holds about the hash, decrypted, for the owner's own view (/my-data); no audit entry. */
export async function describeByHash(deps: Pick<ErasureDeps, 'db'>, hash: Buffer): Promise<Described[]> {
  return Promise.all(erasureHooks.list().map(async (h) => ({ kind: h.kind, labelKey: h.labelKey, records: h.describe ? await h.describe(deps.db, hash) : [] })));
}

export async function findByEmail(deps: ErasureDeps, input: { address: string; actor: string }): Promise<{ hash: Buffer; found: Found[] } | undefined> {
  const hash = emailHashOf(deps.secrets, input.address);
  if (!hash) return undefined;
  const found = await countByHash(deps, hash);
  await audit(deps.db, { actor: input.actor, action: 'erasure-request.searched', subject: `email-hash:${hashPrefix(hash)}`, details: { found: Object.fromEntries(found.map((f) => [f.kind, f.count])) }, at: deps.clock.now() });
  return { hash, found };
}

export interface EraseInput {
  readonly hash: Buffer;
  readonly removeFromTotals: boolean;
  readonly actor: string;
  readonly reason: string;
}

export async function eraseByHash(deps: ErasureDeps, input: EraseInput): Promise<{ requestId: string; erased: Record<string, number> }> {
  const now = deps.clock.now();
  const requestId = randomUUID();
  const erased: Record<string, number> = {};
  await deps.db.transaction(async (trx) => {
    for (const hook of erasureHooks.list()) erased[hook.kind] = await hook.erase(trx, input.hash, { now, removeFromTotals: input.removeFromTotals });
    await audit(trx, {
      actor: input.actor,
      action: 'erasure-request.completed',
      subject: `erasure:${requestId}`,
      details: { hashPrefix: hashPrefix(input.hash), erased, removedFromTotals: input.removeFromTotals },
      reason: input.reason,
      at: now,
    });
  });
  return { requestId, erased };
}

export interface ErasureRecord {
  readonly requestId: string;
  readonly at: Date;
  readonly actor: string;
  readonly erased: Record<string, number>;
  readonly removedFromTotals: boolean;
}

/** A finished erasure, from the audit log. */
export async function findErasure(db: Db, requestId: string): Promise<ErasureRecord | undefined> {
  const row = (await db('audit_log').where({ action: 'erasure-request.completed', subject: `erasure:${requestId}` }).first('at', 'actor', 'details')) as
    | { at: Date; actor: string; details: { erased?: Record<string, number>; removedFromTotals?: boolean } }
    | undefined;
  return row ? { requestId, at: row.at, actor: row.actor, erased: row.details.erased ?? {}, removedFromTotals: row.details.removedFromTotals === true } : undefined;
}
