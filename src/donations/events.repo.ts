// stripe_events (knex only): each handled event's id, inserted first in the transaction of its effect.
// A replay's insert finds the id and returns false; a replay arriving while the first is still being
// written waits on the primary key until that transaction ends, then finds it (or, if it rolled back,
// takes its place).
import type { Queryable, Tx } from '../db/knex.ts';

export type EventOutcome = 'applied' | 'ignored' | 'malformed';

export async function insertEvent(trx: Tx, event: { id: string; type: string; outcome: EventOutcome; createdAt: Date }): Promise<boolean> {
  const rows = (await trx('stripe_events').insert({ id: event.id, type: event.type, outcome: event.outcome, created_at: event.createdAt }).onConflict('id').ignore().returning('id')) as unknown[];
  return rows.length === 1;
}

/** Event ids are kept well past Stripe's retries (3 days) and its 30-day manual resends; older ones go. */
export async function deleteEventsBefore(db: Queryable, before: Date): Promise<number> {
  return db('stripe_events').where('received_at', '<', before).delete();
}

export async function countEventsByOutcome(db: Queryable): Promise<Record<EventOutcome, number>> {
  const rows = await db('stripe_events').select('outcome').count<{ outcome: EventOutcome; count: string }[]>('* as count').groupBy('outcome');
  const counts: Record<EventOutcome, number> = { applied: 0, ignored: 0, malformed: 0 };
  for (const row of rows) counts[row.outcome] = Number(row.count);
  return counts;
}
