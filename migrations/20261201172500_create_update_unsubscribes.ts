import type { Knex } from 'knex';

// Addresses (by keyed hash) that unsubscribed from updates, and when: signatures whose consent to
// updates is older than this get none (a later signature with the box ticked again does).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('update_unsubscribes', (t) => {
    t.binary('email_hash').primary();
    t.timestamp('unsubscribed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('update_unsubscribes');
}
