// Use-case: the signatories export (CSV). An account with TOTP types a fresh code first. The rows are
// counted and streamed on one read-only snapshot, so the audit entry (written and committed before the
// first byte, with the filter and the row count) states exactly how many rows the file holds. Names and
// addresses are decrypted one row at a time while streaming: memory stays flat whatever the size.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Clock } from '../container.ts';
import type { Db } from '../db/knex.ts';
import type { Secrets } from '../secrets.ts';
import { audit, checkFreshCode } from '../admin/index.ts';
import { decrypt } from '../lib/crypto.ts';
import { safeRow } from './csv-cell.ts';
import type { ExportFilter } from './report.schema.ts';
import { countSignatories, streamSignatories, type SignatoryRow } from './signatories.repo.ts';

export interface ExportDeps {
  readonly db: Db;
  /** The pool without the request statement timeout (AppDeps.bulkDb): these reads can take minutes. */
  readonly bulkDb: Db;
  readonly secrets: Secrets;
  readonly clock: Clock;
}

export interface ExportInput {
  readonly slug: string;
  readonly filter: ExportFilter;
  readonly userId: number;
  readonly actor: string;
  readonly code: unknown;
  /** The header row, in the organiser's language: name, country, confirmed, language, email. */
  readonly headers: readonly string[];
}

export type ExportResult = { readonly kind: 'done'; readonly rows: number } | { readonly kind: 'not-found' } | { readonly kind: 'code'; readonly error: 'wrong' | 'reused' | 'throttled' };

async function* csvRows(key: KeyObject, headers: readonly string[], rows: AsyncIterable<SignatoryRow>): AsyncGenerator<(string | number)[]> {
  yield safeRow(headers);
  for await (const row of rows) {
    yield safeRow([decrypt(key, row.name_enc), row.country, row.day, row.lang, row.email_enc ? decrypt(key, row.email_enc) : '']);
  }
}

/** Streams the CSV into the sink `open` returns once the row count is known (after the audit entry). */
export async function exportSignatories(deps: ExportDeps, input: ExportInput, open: (rows: number) => Writable): Promise<ExportResult> {
  const petition = (await deps.db('petitions').where({ slug: input.slug }).first('id')) as { id: number } | undefined;
  if (!petition) return { kind: 'not-found' };
  const code = await checkFreshCode(deps, input.userId, input.code);
  if (code === 'wrong' || code === 'reused' || code === 'throttled') return { kind: 'code', error: code };
  return deps.bulkDb.transaction(
    async (trx) => {
      const rows = await countSignatories(trx, petition.id, input.filter);
      const { country, period } = input.filter;
      await audit(deps.db, {
        actor: input.actor,
        action: 'export.signatories',
        subject: `petition:${input.slug}`,
        details: { filter: { country, from: period.from, to: period.to }, rows, freshCode: code === 'ok' },
        at: deps.clock.now(),
      });
      const source = Readable.from(csvRows(createSecretKey(deps.secrets.encryptionKey), input.headers, streamSignatories(trx, petition.id, input.filter)));
      await pipeline(source, stringify({ bom: true, record_delimiter: 'windows' }), open(rows));
      return { kind: 'done', rows } as const;
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
