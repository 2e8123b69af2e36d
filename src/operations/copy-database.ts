// Use-case: copy the embedded database into an empty database on a PostgreSQL server, for a campaign
// that outgrows one box. The target's schema comes from our migrations and from pg-boss itself (so it is
// exactly what npm start expects there), its queues from pgboss.create_queue with the source's settings;
// then every table's rows go over in COPY streams, parents before children (foreign keys), from one
// repeatable-read snapshot of the source and into one transaction on the target; sequences follow, and
// each table's row count must be equal on both sides before the target commits.
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createDb } from '../db/knex.ts';
import { migrateLatest } from '../db/migrate.ts';

/** Filled by the migrations and by pg-boss on the target, so not copied. */
const MADE_ON_TARGET = new Set(['public.knex_migrations', 'public.knex_migrations_lock', 'pgboss.version']);
const SCHEMAS = ['public', 'pgboss'];

export interface TableCount {
  readonly table: string;
  readonly source: number;
  readonly target: number;
}

export interface CopyReport {
  readonly tables: readonly TableCount[];
  readonly rows: number;
  readonly sequences: number;
  readonly ms: number;
}

export class CopyRefused extends Error {}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const qualified = (table: string): string => table.split('.').map(quote).join('.');

async function rows<T>(client: pg.Client, sql: string, values: unknown[] = []): Promise<T[]> {
  return (await client.query(sql, values)).rows as T[];
}

/** Tables (and how many relations in all) the target already holds: an empty database has none outside the system schemas. */
async function userRelations(client: pg.Client): Promise<{ count: number; tables: string[] }> {
  const found = await rows<{ name: string; kind: string }>(
    client,
    `select n.nspname || '.' || c.relname as name, c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'
     order by 1`,
  );
  return { count: found.length, tables: found.filter((r) => r.kind === 'r' || r.kind === 'p').map((r) => r.name) };
}

/** The source's tables to copy, parents first (foreign keys between them), partitions through their parent. */
async function tablesInOrder(source: pg.Client): Promise<string[]> {
  const tables = (
    await rows<{ name: string }>(
      source,
      `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1) order by 1`,
      [SCHEMAS],
    )
  )
    .map((r) => r.name)
    .filter((name) => !MADE_ON_TARGET.has(name) && name !== 'pgboss.queue');
  const edges = await rows<{ child: string; parent: string }>(
    source,
    `select cn.nspname || '.' || c.relname as child, pn.nspname || '.' || p.relname as parent
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
     join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
     where k.contype = 'f' and k.conrelid <> k.confrelid and cn.nspname = any($1)`,
    [SCHEMAS],
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of edges) if (parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (ready.length === 0) throw new Error('the tables have a cycle of foreign keys: cannot order the copy');
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}

async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const [schema, name] = table.split('.');
  const found = await rows<{ attname: string }>(
    client,
    `select a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum`,
    [schema, name],
  );
  return found.map((r) => r.attname);
}

/** The source's queues, made on the target the way pg-boss makes them (each with its partition), dead-letter queues first. */
async function copyQueues(source: pg.Client, target: pg.Client): Promise<number> {
  type Queue = { name: string; policy: string | null; retry_limit: number | null; retry_delay: number | null; retry_backoff: boolean | null; expire_seconds: number | null; retention_minutes: number | null; dead_letter: string | null; created_on: Date; updated_on: Date };
  const queues = await rows<Queue>(source, 'select * from pgboss.queue order by name');
  const made = new Set<string>();
  while (made.size < queues.length) {
    const ready = queues.filter((q) => !made.has(q.name) && (!q.dead_letter || made.has(q.dead_letter) || q.dead_letter === q.name));
    if (ready.length === 0) throw new Error('the job queues have a cycle of dead-letter queues');
    for (const q of ready) {
      const options = { policy: q.policy, retryLimit: q.retry_limit, retryDelay: q.retry_delay, retryBackoff: q.retry_backoff, expireInSeconds: q.expire_seconds, retentionMinutes: q.retention_minutes, deadLetter: q.dead_letter };
      await target.query('select pgboss.create_queue($1, $2::json)', [q.name, JSON.stringify(options)]);
      await target.query('update pgboss.queue set created_on = $2, updated_on = $3 where name = $1', [q.name, q.created_on, q.updated_on]);
      made.add(q.name);
    }
  }
  return queues.length;
}

async function count(client: pg.Client, table: string): Promise<number> {
  return Number((await rows<{ n: string }>(client, `select count(*) as n from ${qualified(table)}`))[0]!.n);
}

async function copySequences(source: pg.Client, target: pg.Client): Promise<number> {
  const sequences = await rows<{ name: string; last_value: string | null }>(source, 'select quote_ident(schemaname) || \'.\' || quote_ident(sequencename) as name, last_value::text from pg_sequences where schemaname = any($1)', [SCHEMAS]);
  for (const s of sequences) if (s.last_value !== null) await target.query('select setval($1::regclass, $2::bigint, true)', [s.name, s.last_value]);
  return sequences.length;
}

/** Makes the schema on an empty target: our migrations, then pg-boss's own (it migrates itself on start). */
export async function prepareTarget(targetUrl: string): Promise<void> {
  const db = createDb(targetUrl, { poolMax: 2 });
  try {
    await migrateLatest(db);
  } finally {
    await db.destroy();
  }
  const boss = new PgBoss({ connectionString: targetUrl, supervise: false, schedule: false, migrate: true, max: 2 });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}

export async function copyDatabase(input: { sourceUrl: string; targetUrl: string; progress?: (line: string) => void }): Promise<CopyReport> {
  const started = Date.now();
  const progress = input.progress ?? (() => undefined);
  const target = new pg.Client({ connectionString: input.targetUrl, application_name: 'dauys-db-copy' });
  await target.connect().catch((error: Error) => {
    throw new CopyRefused(`cannot reach the target database: ${error.message}`);
  });
  const source = new pg.Client({ connectionString: input.sourceUrl, application_name: 'dauys-db-copy' });
  try {
    const existing = await userRelations(target);
    if (existing.count > 0) {
      const named = existing.tables.slice(0, 3).join(', ') || `${existing.count} relations`;
      throw new CopyRefused(`the target database is not empty (${named}${existing.tables.length > 3 ? `, and ${existing.tables.length - 3} more tables` : ''}): db:copy only fills an empty database`);
    }
    await source.connect();
    progress('the target is empty: creating its schema (the migrations, then the job queue)');
    await prepareTarget(input.targetUrl);

    await source.query('begin isolation level repeatable read read only');
    await target.query('begin');
    const queues = await copyQueues(source, target);
    const tables: TableCount[] = [{ table: 'pgboss.queue', source: queues, target: await count(target, 'pgboss.queue') }];
    let total = 0;
    for (const table of await tablesInOrder(source)) {
      const columns = await columnsOf(source, table);
      const onTarget = new Set(await columnsOf(target, table));
      if (onTarget.size === 0) throw new Error(`${table} is in the embedded database but not in the schema the migrations make: it cannot be copied`);
      const missing = columns.filter((c) => !onTarget.has(c));
      if (missing.length > 0) throw new Error(`${table} has columns the target lacks (${missing.join(', ')})`);
      const list = columns.map(quote).join(', ');
      const out = source.query(copyTo(`copy (select ${list} from ${qualified(table)}) to stdout`));
      const into = target.query(copyFrom(`copy ${qualified(table)} (${list}) from stdin`));
      await pipeline(out, into);
      const counted = { table, source: await count(source, table), target: await count(target, table) };
      tables.push(counted);
      total += counted.target;
      progress(`  ${table}: ${counted.target} rows`);
    }
    const sequences = await copySequences(source, target);
    const unequal = tables.filter((t) => t.source !== t.target);
    if (unequal.length > 0) throw new Error(`row counts differ (${unequal.map((t) => `${t.table} ${t.source}≠${t.target}`).join(', ')}): nothing was committed`);
    await target.query('commit');
    await source.query('commit');
    return { tables, rows: total, sequences, ms: Date.now() - started };
  } catch (error) {
    await target.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await source.end().catch(() => undefined);
    await target.end().catch(() => undefined);
  }
}
