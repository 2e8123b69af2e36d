import type { Knex } from 'knex';

// The emailed links to one's own data: only a SHA-256 of each 256-bit token is stored, with the keyed
// hash of the address it shows. A link lives an hour, serves only this page, and dies with the erasure.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('my_data_tokens', (t) => {
    t.binary('token_hash').primary();
    t.binary('email_hash').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['email_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('my_data_tokens');
}
