// embed_partner_origins (knex only): the sites that may frame a petition's embed.
import type { Queryable } from '../db/knex.ts';

export async function listPartnerOrigins(db: Queryable, petitionId: number): Promise<string[]> {
  return (await db('embed_partner_origins').where({ petition_id: petitionId }).orderBy('origin').pluck('origin')) as string[];
}

/** Makes the petition's list exactly `origins`; returns how many were added and removed. */
export async function replacePartnerOrigins(db: Queryable, petitionId: number, origins: readonly string[], now: Date): Promise<{ added: number; removed: number }> {
  const removed = await db('embed_partner_origins').where({ petition_id: petitionId }).whereNotIn('origin', origins).del();
  if (origins.length === 0) return { added: 0, removed };
  const rows = origins.map((origin) => ({ petition_id: petitionId, origin, created_at: now }));
  const inserted = (await db('embed_partner_origins').insert(rows).onConflict(['petition_id', 'origin']).ignore().returning('origin')) as unknown[];
  return { added: inserted.length, removed };
}
