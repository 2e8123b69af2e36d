import type { Knex } from 'knex';

// The organisers' updates to signers who opted in: a draft, then queued, sending, sent. `fallback` says
// what a signer whose language has no translation gets: the English text, or nothing.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('supporter_updates', (t) => {
    t.increments('id');
    t.string('status', 10).notNullable().defaultTo('draft');
    t.string('fallback', 10).notNullable().defaultTo('english');
    t.string('created_by', 40).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('queued_at', { useTz: true });
    t.timestamp('sent_at', { useTz: true });
    t.integer('total');
  });
  await knex.raw(`alter table supporter_updates
    add constraint supporter_updates_status check (status in ('draft','queued','sending','sent')),
    add constraint supporter_updates_fallback check (fallback in ('english','none'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('supporter_updates');
}
