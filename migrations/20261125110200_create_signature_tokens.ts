import type { Knex } from 'knex';

// Confirmation and withdrawal links: only a SHA-256 of each 256-bit token is stored.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signature_tokens', (t) => {
    t.binary('token_hash').primary();
    t.bigInteger('signature_id').notNullable().references('signatures.id').onDelete('CASCADE');
    t.string('purpose', 10).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['signature_id']);
  });
  await knex.raw("alter table signature_tokens add constraint signature_tokens_purpose check (purpose in ('confirm','withdraw'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signature_tokens');
}
