import type { Knex } from 'knex';

// One row per message the receiving server refused permanently at send time: the deliverability
// figures per day and kind. The address's keyed hash is kept for erasure only.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('email_refusals', (t) => {
    t.bigIncrements('id');
    t.string('message_id', 200).notNullable();
    t.string('kind', 60);
    t.integer('smtp_code').notNullable();
    t.binary('email_hash');
    t.timestamp('refused_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index email_refusals_refused_at on email_refusals (refused_at)');
  await knex.raw('create index email_refusals_email_hash on email_refusals (email_hash) where email_hash is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('email_refusals');
}
