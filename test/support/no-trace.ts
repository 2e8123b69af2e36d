// "No trace of an address": every place the database still holds a person's data, for erasure tests.
// Every table of the app's schemas (public and the job queue's), every column, every row:
//  - text, varchar, jsonb, arrays (any value that is not bytes): the needles, case-insensitively (the
//    address as typed, its canonical form, a name…), and the keyed hash written as hex, base64 or base64url
//    (rate-limit keys, job data);
//  - bytea: the keyed hash's bytes anywhere in it; the bytes read as UTF-8; and each of the given keys'
//    decryption of it (AES-256-GCM as the app seals personal data), searched for the needles.
// Returns one line per hit ("table.column: what"), so a failing test says where the trace is.
import type { Knex } from 'knex';
import { decrypt } from '../../src/lib/crypto.ts';
import { canonicalEmail } from '../../src/petitions/index.ts';

export interface TraceQuery {
  /** Strings that must be gone (matched case-insensitively). */
  readonly needles: readonly string[];
  /** The keyed hash of the address, looked for as bytes and as text. */
  readonly hash?: Buffer;
  /** Keys to try each bytea value with (the app's deps.secrets.encryptionKey at least). */
  readonly keys: readonly Buffer[];
  /** Schemas to search (default: public and pgboss). */
  readonly schemas?: readonly string[];
}

/** The address as typed, lower-cased, and its canonical form (the de-duplication key). */
export function addressNeedles(address: string): string[] {
  const canonical = canonicalEmail(address);
  return [...new Set([address, address.toLowerCase(), ...(canonical ? [canonical] : [])])];
}

const quoted = (schema: string, table: string) => `"${schema.replaceAll('"', '""')}"."${table.replaceAll('"', '""')}"`;

function textsOf(value: unknown, keys: readonly Buffer[]): string[] {
  if (!Buffer.isBuffer(value)) return [typeof value === 'object' ? JSON.stringify(value) : String(value)];
  const texts = [value.toString('utf8')];
  for (const key of keys) {
    try {
      texts.push(decrypt(key, value));
    } catch {
      // not a ciphertext of this key
    }
  }
  return texts;
}

export async function findTraces(db: Knex, query: TraceQuery): Promise<string[]> {
  const schemas = query.schemas ?? ['public', 'pgboss'];
  const tables = (await db('information_schema.tables').whereIn('table_schema', schemas).andWhere('table_type', 'BASE TABLE').select('table_schema', 'table_name')) as { table_schema: string; table_name: string }[];
  const needles = query.needles.map((n) => n.toLowerCase()).filter((n) => n.length > 0);
  const hashTexts = query.hash ? [query.hash.toString('hex'), query.hash.toString('base64'), query.hash.toString('base64url')] : [];
  const hits: string[] = [];
  for (const { table_schema: schema, table_name: table } of tables) {
    const { rows } = (await db.raw(`select * from ${quoted(schema, table)}`)) as { rows: Record<string, unknown>[] };
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        const where = `${schema}.${table}.${column}`;
        if (query.hash && Buffer.isBuffer(value) && value.includes(query.hash)) hits.push(`${where}: the keyed hash`);
        for (const text of textsOf(value, query.keys)) {
          const lower = text.toLowerCase();
          for (const needle of needles) if (lower.includes(needle)) hits.push(`${where}: ${needle}`);
          for (const form of hashTexts) if (text.includes(form)) hits.push(`${where}: the keyed hash as text`);
        }
      }
    }
  }
  return [...new Set(hits)];
}
