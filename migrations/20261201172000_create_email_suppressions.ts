import type { Knex } from 'knex';

// Addresses the shared mail layer no longer writes to, by their keyed hash (never the address): each
// was refused permanently (SMTP 5xx) by the receiving server. An organiser may lift one (the row goes).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('email_suppressions', (t) => {
    t.binary('email_hash').primary();
    t.string('reason', 40).notNullable();
    t.integer('smtp_code');
    t.string('message_id', 200);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('email_suppressions');
}
