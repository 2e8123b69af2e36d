// evidence_settings: the organisers' retention period (one row; none yet means the default).
import type { Queryable } from '../db/knex.ts';

export const DEFAULT_RETENTION_DAYS = 90;
export const RETENTION_RANGE = { min: 7, max: 3650 } as const;

export async function retentionDays(db: Queryable): Promise<number> {
  const row = (await db('evidence_settings').where({ id: true }).first('retention_days')) as { retention_days: number } | undefined;
  return row?.retention_days ?? DEFAULT_RETENTION_DAYS;
}

export async function setRetentionDays(db: Queryable, days: number): Promise<void> {
  await db('evidence_settings').insert({ id: true, retention_days: days }).onConflict('id').merge();
}
