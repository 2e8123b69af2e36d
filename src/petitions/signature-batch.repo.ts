// A batch of new signatures stored in one statement, so in one round trip and one commit: the per-IP and
// per-domain counters are spent, each signature is flagged where its IP or domain went over its limit,
// the rows are inserted and counted per day (the dashboard), and one confirmation-email job names the
// new ones. (Measured on 2 cores: each round trip of a batch transaction waits for the busy event loop,
// about 2 ms; five of them made signing latency-bound.) A signature whose address had already signed
// this petition is not inserted: its entry in the result is undefined.
import type { Knex } from 'knex';
import type { Queryable } from '../db/knex.ts';
import { limitKey, spendPointsSql, type Limit } from '../web/rate-limits.ts';
import { randomShard } from './counts.repo.ts';
import { pairKey, type NewSignature } from './signature.repo.ts';

export interface BatchSignature extends NewSignature {
  /** Key of the per-IP limit (a keyed hash of the IP), if the IP is known. */
  readonly ipKey: string | null;
  /** Key of the per-domain limit, unless the domain is a large provider. */
  readonly domainKey: string | null;
}

export interface BatchOptions {
  readonly perIp: Limit;
  readonly perDomain: Limit;
  readonly now: Date;
  /** Builds the job insert (JobQueue.queuedJobSql) over the CTE `email_job_data(data)`. */
  readonly confirmationJob: (dataSql: string, fromSql: string) => { sql: string; bindings: (string | number | boolean)[] };
}

/** The statement's input: one array parameter per column (a fixed statement, whatever the batch size). */
function inputColumns(options: BatchOptions): readonly (readonly [name: string, type: string, pick: (s: BatchSignature) => unknown])[] {
  return [
    ['petition_id', 'int', (s) => s.petitionId],
    ['email_hash', 'bytea', (s) => s.emailHash],
    ['email_enc', 'bytea', (s) => s.emailEnc],
    ['name_enc', 'bytea', (s) => s.nameEnc],
    ['postcode_enc', 'bytea', (s) => s.postcodeEnc],
    ['country', 'text', (s) => s.country],
    ['public', 'bool', (s) => s.public],
    ['updates', 'bool', (s) => s.updates],
    ['lang', 'text', (s) => s.lang],
    ['consent_version', 'text', (s) => s.consentVersion],
    ['consented_at', 'timestamptz', (s) => s.consentedAt],
    ['ip_hash', 'bytea', (s) => s.ipHash],
    ['domain_hash', 'bytea', (s) => s.domainHash ?? null],
    ['flags', 'text', (s) => s.flags.join(',')], // flags are identifiers without commas
    ['ip_key', 'text', (s) => (s.ipKey === null ? null : limitKey(options.perIp, s.ipKey))],
    ['domain_key', 'text', (s) => (s.domainKey === null ? null : limitKey(options.perDomain, s.domainKey))],
  ];
}

/** Stores the batch; for each signature, in order, its new id or undefined (the address had signed). */
export async function storeSignatureBatch(db: Queryable, signatures: readonly BatchSignature[], options: BatchOptions): Promise<(string | undefined)[]> {
  if (signatures.length === 0) return [];
  const columns = inputColumns(options);
  const nowMs = options.now.getTime();
  const job = options.confirmationJob(`jsonb_build_object('signatureIds', data)`, 'from email_job_data where data is not null');
  const result = (await db.raw(
    `with r as (
       select * from unnest(${columns.map(([, type]) => `?::${type}[]`).join(', ')})
         with ordinality as r(${columns.map(([name]) => name).join(', ')}, ord)
     ),
     takes as (
       select key, count(*)::int as n, min(expire) as expire
         from (select ip_key as key, ?::bigint as expire from r where ip_key is not null
               union all
               select domain_key, ?::bigint from r where domain_key is not null) t
        group by key
     ),
     spent_points as (${spendPointsSql('select key, n, expire from takes order by key')}),
     spent as (
       select r.ord,
              ip.points - ip_t.n + row_number() over (partition by r.ip_key order by r.ord) as ip_spent,
              dom.points - dom_t.n + row_number() over (partition by r.domain_key order by r.ord) as domain_spent
         from r
         left join spent_points ip on ip.key = r.ip_key
         left join takes ip_t on ip_t.key = r.ip_key
         left join spent_points dom on dom.key = r.domain_key
         left join takes dom_t on dom_t.key = r.domain_key
     ),
     inserted as (
       insert into signatures (petition_id, email_hash, email_enc, name_enc, postcode_enc, country, public, updates, lang, consent_version, consented_at, ip_hash, domain_hash, flags, created_at)
       select r.petition_id, r.email_hash, r.email_enc, r.name_enc, r.postcode_enc, r.country, r.public, r.updates, r.lang, r.consent_version, r.consented_at, r.ip_hash, r.domain_hash,
              coalesce(string_to_array(nullif(r.flags, ''), ','), '{}')
                || case when s.ip_spent > ? then array['rate_ip'] else '{}'::text[] end
                || case when s.domain_spent > ? then array['rate_domain'] else '{}'::text[] end,
              r.consented_at
         from r join spent s on s.ord = r.ord
        order by r.petition_id, r.email_hash -- unique-index locks in one order: concurrent batches cannot deadlock
       on conflict (petition_id, email_hash) do nothing
       returning id, petition_id, email_hash, created_at
     ),
     created_counts as ( -- signatures made per UTC day, for the organisers' dashboard (one sharded upsert)
       insert into signature_created_counts (petition_id, day, shard, n)
       select petition_id, (created_at at time zone 'UTC')::date, ?::int, count(*)::int from inserted group by 1, 2 order by 1, 2
       on conflict (petition_id, day, shard) do update set n = signature_created_counts.n + excluded.n
     ),
     email_job_data as (select jsonb_agg(id::text order by id) as data from inserted),
     email_job as (${job.sql}) -- a data-modifying CTE runs whether or not it is read
     select id::text as id, petition_id, email_hash from inserted`,
    [
      ...columns.map(([, , pick]) => signatures.map(pick)),
      nowMs + options.perIp.durationSeconds * 1000,
      nowMs + options.perDomain.durationSeconds * 1000,
      nowMs,
      nowMs,
      options.perIp.points,
      options.perDomain.points,
      randomShard(),
      ...job.bindings,
    ] as Knex.RawBinding[], // arrays, some with nulls: pg sends each as one array parameter
  )) as { rows: { id: string; petition_id: number; email_hash: Buffer }[] };
  const ids = new Map(result.rows.map((row) => [pairKey(row.petition_id, row.email_hash), row.id]));
  return signatures.map((s) => {
    const key = pairKey(s.petitionId, s.emailHash);
    const id = ids.get(key);
    ids.delete(key); // a second signature with the same address in this batch is a duplicate
    return id;
  });
}
