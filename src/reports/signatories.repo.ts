// The signatories of a petition for the export (knex only): confirmed, valid signatures that still hold
// their personal data, in id order, read through a cursor (pg-query-stream) 1,000 rows a fetch, so a
// million rows never sit in memory. The address comes only for those who agreed to updates.
import type { Readable } from 'node:stream';
import type { Queryable } from '../db/knex.ts';
import type { ExportFilter } from './report.schema.ts';

export interface SignatoryRow {
  readonly name_enc: Buffer;
  /** Null unless the signer agreed to updates. */
  readonly email_enc: Buffer | null;
  readonly country: string;
  readonly day: string;
  readonly lang: string;
}

/**
 * Rows per cursor fetch; the stream holds two batches, so the next fetch overlaps the work on this one.
 * (Measured on a million rows: 2,000 a fetch and four in hand was a third faster, but the app's RSS peaked 150 MB higher.)
 */
const BATCH_ROWS = 1000;

function where(petitionId: number, filter: ExportFilter): { sql: string; bindings: (string | number | null)[] } {
  return {
    sql: `from signatures s
          where s.petition_id = ? and s.state = 'confirmed' and s.validity = 'valid' and s.name_enc is not null
            and (?::text is null or s.country = ?::text)
            and (?::date is null or s.confirmed_at >= (?::date)::timestamp at time zone 'UTC')
            and (?::date is null or s.confirmed_at < (?::date + 1)::timestamp at time zone 'UTC')`,
    bindings: [petitionId, filter.country, filter.country, filter.period.from, filter.period.from, filter.period.to, filter.period.to],
  };
}

export async function countSignatories(db: Queryable, petitionId: number, filter: ExportFilter): Promise<number> {
  const w = where(petitionId, filter);
  const { rows } = (await db.raw(`select count(*)::int as n ${w.sql}`, w.bindings)) as { rows: { n: number }[] };
  return rows[0]?.n ?? 0;
}

/** A stream of SignatoryRow objects. Run it inside the transaction that counted them. */
export function streamSignatories(db: Queryable, petitionId: number, filter: ExportFilter): Readable {
  const w = where(petitionId, filter);
  return db
    .raw(
      `select s.name_enc, case when s.updates then s.email_enc end as email_enc, s.country,
              to_char((s.confirmed_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, s.lang
       ${w.sql}
       order by s.id`,
      w.bindings,
    )
    .stream({ batchSize: BATCH_ROWS, highWaterMark: 2 * BATCH_ROWS });
}
