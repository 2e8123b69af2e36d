// The shared per-MEP schedule (mep_send_pace). A confirmation first locks the rows of its MEPs (in id
// order, so two confirmations cannot deadlock): while it holds them, no other instance can check a
// letter to those MEPs for near-copies or take their slots. It then takes one slot per letter it
// releases and moves each MEP's next free slot on (pace.ts is the arithmetic).
import type { Queryable } from '../db/knex.ts';
import { takeSlot } from './pace.ts';

export type PaceRows = Map<number, Date>;

/** Locks the MEPs' rows (creating them, free from `now`); their next free slots. */
export async function lockPace(db: Queryable, mepIds: readonly number[], now: Date): Promise<PaceRows> {
  const ids = [...new Set(mepIds)].sort((a, b) => a - b);
  if (ids.length === 0) return new Map();
  await db.raw('insert into mep_send_pace (mep_id, next_slot_at) select id, ? from unnest(?::int[]) as u(id) order by id on conflict (mep_id) do nothing', [now, ids]);
  const rows = (await db.raw('select mep_id, next_slot_at from mep_send_pace where mep_id = any(?::int[]) order by mep_id for update', [ids])) as { rows: { mep_id: number; next_slot_at: Date }[] };
  return new Map(rows.rows.map((r) => [r.mep_id, r.next_slot_at]));
}

/** Takes one slot for each of these (locked) MEPs. */
export async function takeSlots(db: Queryable, locked: PaceRows, mepIds: readonly number[], now: Date, perHour: number): Promise<Map<number, Date>> {
  const slots = new Map<number, Date>();
  const ids = [...new Set(mepIds)].sort((a, b) => a - b);
  if (ids.length === 0) return slots;
  const next: Date[] = [];
  for (const id of ids) {
    if (!locked.has(id)) throw new Error(`takeSlots: the pace row of MEP ${id} is not locked`);
    const taken = takeSlot(locked.get(id)!, now, perHour);
    slots.set(id, taken.slot);
    next.push(taken.nextFree);
  }
  await db.raw('update mep_send_pace p set next_slot_at = u.next from unnest(?::int[], ?::timestamptz[]) as u(id, next) where p.mep_id = u.id', [ids, next]);
  return slots;
}
