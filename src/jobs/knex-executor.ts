// pg-boss runs its SQL through an executor; this one runs it in a knex transaction, so a job is sent,
// fetched or failed in the same transaction as the caller's own statements.
import type { Knex } from 'knex';
import type PgBoss from 'pg-boss';

/** pg-boss speaks $n placeholders; knex speaks ?. Map each $n to a positional ? (values may repeat). */
export function knexExecutor(trx: Knex.Transaction): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const bindings: unknown[] = [];
      const sql = text.replace(/\?/g, '\\?').replace(/\$(\d+)/g, (_m, n: string) => {
        bindings.push(values[Number(n) - 1] ?? null);
        return '?';
      });
      const result = (await trx.raw(sql, bindings as Knex.RawBinding[])) as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}
