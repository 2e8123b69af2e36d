import type { Knex } from 'knex';

// Each Stripe event handled, by its id, written in the same transaction as its effect: a replay finds
// its row and changes nothing. `outcome` says whether the event changed anything (applied), was not
// about a donation of ours (ignored) or lacked a field its handler needs (malformed, logged).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stripe_events', (t) => {
    t.string('id', 255).primary();
    t.string('type', 100).notNullable();
    t.string('outcome', 10).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['received_at']);
  });
  await knex.raw("alter table stripe_events add constraint stripe_events_outcome check (outcome in ('applied','ignored','malformed'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('stripe_events');
}
