import type { Knex } from 'knex';

// The per-recipient ledger of an update: one row per (update, address hash), written when the sending
// starts, marked as each message is handed to SMTP, so a restarted send skips what went out. The
// unsubscribe link's token is kept only as its SHA-256.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('supporter_update_recipients', (t) => {
    t.bigIncrements('id');
    t.integer('update_id').notNullable().references('supporter_updates.id').onDelete('CASCADE');
    t.binary('email_hash').notNullable();
    t.bigInteger('signature_id').notNullable();
    t.string('lang', 2).notNullable();
    t.string('status', 10).notNullable().defaultTo('pending');
    t.binary('token_hash');
    t.timestamp('sent_at', { useTz: true });
    t.unique(['update_id', 'email_hash']);
  });
  await knex.raw("alter table supporter_update_recipients add constraint supporter_update_recipients_status check (status in ('pending','sent','refused','skipped'))");
  await knex.raw('create unique index supporter_update_recipients_token on supporter_update_recipients (token_hash) where token_hash is not null');
  await knex.raw('create index supporter_update_recipients_email_hash on supporter_update_recipients (email_hash)');
  // "Is anything of this update left to send?", asked after every send job.
  await knex.raw("create index supporter_update_recipients_pending on supporter_update_recipients (update_id, id) where status = 'pending'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('supporter_update_recipients');
}
