import type { Knex } from 'knex';

// What happened to each entry, in order: drafted, edited, submitted for review, approved and published,
// returned to draft, withdrawn. Organisers see it beside the versions.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('list_entry_events', (t) => {
    t.bigIncrements('id');
    t.integer('entry_id').notNullable().references('list_entries.id').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.string('action', 12).notNullable();
    t.integer('actor_id');
    t.text('note').notNullable().defaultTo('');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['entry_id', 'id']);
  });
  await knex.raw(`alter table list_entry_events
    add constraint list_entry_events_action check (action in ('drafted', 'edited', 'submitted', 'approved', 'returned', 'withdrawn'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('list_entry_events');
}
