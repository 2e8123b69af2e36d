import type { Knex } from 'knex';

// A request for one's own data (/{lang}/my-data) waiting for its email job: the address as typed
// (encrypted, to send to) and its keyed hash (to find what is held, and to be erasable). The job deletes
// the row once it has run, whether or not anything is held; a row the job never reached goes after a day.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('my_data_requests', (t) => {
    t.bigIncrements('id');
    t.binary('email_hash').notNullable();
    t.binary('email_enc').notNullable();
    t.string('lang', 2).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['email_hash']);
    t.index(['created_at']);
  });
  await knex.raw("alter table my_data_requests add constraint my_data_requests_lang check (lang in ('en','ru','kk','pl'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('my_data_requests');
}
