// What moderation reads and changes (knex only): a petition by slug, its signatures for the moderators'
// list, the largest IP-hash groups, and the changes of validity and visibility with the counters moved in
// the same transaction. Rows are locked in id order (select … for update), so concurrent moderations of
// overlapping rows queue instead of deadlocking, and each re-reads the row it waited for: a row already
// invalidated is not invalidated (and uncounted) twice.
import type { Queryable, Tx } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import { countUpsertSql, randomShard } from '../petitions/index.ts';

export interface SignatureRow {
  readonly id: string;
  readonly state: 'pending' | 'confirmed' | 'withdrawn';
  readonly validity: 'valid' | 'invalidated';
  readonly country: string;
  readonly public: boolean;
  readonly nameEnc: Buffer | null;
  readonly ipHash: Buffer | null;
  readonly createdAt: Date;
  readonly confirmedAt: Date | null;
}

const SIGNATURE_COLUMNS = ['id', 'state', 'validity', 'country', 'public', 'name_enc as nameEnc', 'ip_hash as ipHash', 'created_at as createdAt', 'confirmed_at as confirmedAt'];

/** The newest signatures (below `beforeId` when paging), newest first. */
export async function listSignatures(db: Queryable, petitionId: number, limit: number, beforeId: string | null): Promise<SignatureRow[]> {
  const query = db('signatures').where({ petition_id: petitionId }).orderBy('id', 'desc').limit(limit).select(SIGNATURE_COLUMNS);
  if (beforeId) void query.where('id', '<', beforeId);
  return (await query) as SignatureRow[];
}

export async function findSignature(db: Queryable, petitionId: number, id: string): Promise<SignatureRow | undefined> {
  return (await db('signatures').where({ petition_id: petitionId, id }).first(SIGNATURE_COLUMNS)) as SignatureRow | undefined;
}

/** How far back the IP-hash groups look: a bounded read on every moderation page view. */
export const IP_GROUP_WINDOW = 50_000;

/** The IP hashes with the most signatures among the petition's newest IP_GROUP_WINDOW (hashes are keyed per UTC day). */
export async function largestIpGroups(db: Queryable, petitionId: number, limit: number): Promise<{ ipHash: Buffer; signatures: number; valid: number }[]> {
  const { rows } = (await db.raw(
    `select ip_hash as "ipHash", count(*)::int as signatures, count(*) filter (where validity = 'valid')::int as valid
       from (select ip_hash, validity from signatures where petition_id = ? and ip_hash is not null order by id desc limit ?) as newest
      group by ip_hash
     having count(*) > 1
      order by count(*) desc, ip_hash
      limit ?`,
    [petitionId, IP_GROUP_WINDOW, limit],
  )) as { rows: { ipHash: Buffer; signatures: number; valid: number }[] };
  return rows;
}

/** Which signatures a bulk action selects: one domain hash, or an IP-hash range (a full hash or a shown prefix). */
export type Selector = { readonly by: 'domain'; readonly hash: Buffer } | { readonly by: 'ip'; readonly low: Buffer; readonly high: Buffer };

function selectorSql(selector: Selector): { sql: string; bindings: Buffer[] } {
  return selector.by === 'domain' ? { sql: 'domain_hash = ?', bindings: [selector.hash] } : { sql: 'ip_hash between ? and ?', bindings: [selector.low, selector.high] };
}

export type Validity = 'valid' | 'invalidated';

/** How many of the petition's signatures a bulk action would change (those now in validity `from`). */
export async function countSelected(db: Queryable, petitionId: number, selector: Selector, from: Validity): Promise<number> {
  const where = selectorSql(selector);
  const { rows } = (await db.raw(`select count(*)::int as n from signatures where petition_id = ? and validity = ? and state <> 'withdrawn' and ${where.sql}`, [petitionId, from, ...where.bindings])) as { rows: { n: number }[] };
  return rows[0]?.n ?? 0;
}

interface Changed {
  readonly state: string;
  readonly country: string;
  readonly confirmed_at: Date | null;
}

/**
 * Sets validity `to` on the selected rows now in the other validity (not withdrawn ones), locked in id
 * order; returns the rows changed. `only` narrows to one signature.
 */
export async function changeValidity(trx: Tx, petitionId: number, to: Validity, target: { selector: Selector } | { id: string }): Promise<Changed[]> {
  const from: Validity = to === 'valid' ? 'invalidated' : 'valid';
  const where = 'selector' in target ? selectorSql(target.selector) : { sql: 'id = ?', bindings: [target.id] };
  const { rows } = (await trx.raw(
    `with locked as (
       select id from signatures
        where petition_id = ? and ${where.sql}
        order by id
          for update
     )
     update signatures s set validity = ?
       from locked
      where s.id = locked.id and s.validity = ? and s.state <> 'withdrawn'
     returning s.state, s.country, s.confirmed_at`,
    [petitionId, ...where.bindings, to, from],
  )) as { rows: Changed[] };
  return rows;
}

/** Moves the sharded counters by the changed rows that count (confirmed ones), `sign` each. */
export async function moveCounters(trx: Tx, petitionId: number, changed: readonly Changed[], sign: 1 | -1): Promise<number> {
  const groups = new Map<string, { country: string; day: string; n: number }>();
  for (const row of changed) {
    if (row.state !== 'confirmed' || !row.confirmed_at) continue;
    const day = row.confirmed_at.toISOString().slice(0, 10);
    const key = `${row.country}|${day}`;
    groups.set(key, { country: row.country, day, n: (groups.get(key)?.n ?? 0) + sign });
  }
  for (const g of [...groups.values()].sort((a, b) => (a.country + a.day).localeCompare(b.country + b.day))) {
    await trx.raw(countUpsertSql('(select ?::int as petition_id, ?::text as country, ?::int as n) as one'), [`${g.day}T12:00:00Z`, randomShard(), petitionId, g.country, g.n]);
  }
  return [...groups.values()].reduce((sum, g) => sum + Math.abs(g.n), 0);
}

/** Takes a public name off the public list; true if it was shown. */
export async function hideName(trx: Tx, petitionId: number, id: string): Promise<boolean> {
  return (await trx('signatures').where({ petition_id: petitionId, id, public: true }).update({ public: false })) > 0;
}
