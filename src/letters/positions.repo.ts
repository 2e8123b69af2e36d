// MEPs' recorded positions on a campaign's ask (organisers record them with a source and a date).
import type { Queryable } from '../db/knex.ts';

export type Position = 'supports' | 'opposes' | 'undecided' | 'no_answer';
export const POSITIONS: readonly Position[] = ['supports', 'opposes', 'undecided', 'no_answer'];

export interface RecordedPosition {
  readonly mepId: number;
  readonly position: Position;
  readonly sourceLabel: string;
  readonly sourceUrl: string | null;
  readonly statedOn: string;
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

export async function positionsOf(db: Queryable, campaignId: number): Promise<Map<number, RecordedPosition>> {
  const rows = (await db('mep_positions')
    .where({ campaign_id: campaignId })
    .select({ mepId: 'mep_id' }, 'position', { sourceLabel: 'source_label' }, { sourceUrl: 'source_url' }, db.raw(`to_char(stated_on, 'YYYY-MM-DD') as "statedOn"`), { recordedBy: 'recorded_by' }, { recordedAt: 'recorded_at' })) as RecordedPosition[];
  return new Map(rows.map((r) => [r.mepId, r]));
}

/** Records (or replaces) a position; the caller writes the audit entry in the same transaction. */
export async function upsertPosition(db: Queryable, campaignId: number, p: Omit<RecordedPosition, 'recordedAt'>, now: Date): Promise<RecordedPosition | undefined> {
  const before = (await positionsOf(db, campaignId)).get(p.mepId);
  await db('mep_positions')
    .insert({ campaign_id: campaignId, mep_id: p.mepId, position: p.position, source_label: p.sourceLabel, source_url: p.sourceUrl, stated_on: p.statedOn, recorded_by: p.recordedBy, recorded_at: now })
    .onConflict(['campaign_id', 'mep_id'])
    .merge();
  return before;
}

export async function deletePosition(db: Queryable, campaignId: number, mepId: number): Promise<number> {
  return db('mep_positions').where({ campaign_id: campaignId, mep_id: mepId }).delete();
}
