import type { Knex } from 'knex';

// One row per message handed to SMTP, keyed by its deterministic Message-ID: a retried job that finds
// its row skips the send, so each message goes out once in normal operation.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('email_deliveries', (t) => {
    t.string('message_id', 200).primary();
    t.string('kind', 60).notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('email_deliveries');
}
