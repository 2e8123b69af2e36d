import type { Knex } from 'knex';

// The links in monthly donors' thank-you emails that stop their monthly donation: only a SHA-256 of
// each 256-bit token is kept (the token itself is only in the email). A resent email mints another.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('donation_stop_tokens', (t) => {
    t.binary('hash').primary();
    t.string('subscription_id', 255).notNullable().references('donation_subscriptions.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('donation_stop_tokens');
}
