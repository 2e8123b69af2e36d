import type { Knex } from 'knex';

// One row: a number every organiser's edit of petitions or campaigns raises in its own transaction, so
// each instance's in-memory caches of those pages notice an edit made on another instance within a second.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('content_versions', (t) => {
    t.smallint('id').primary();
    t.bigInteger('version').notNullable();
  });
  await knex.raw('alter table content_versions add constraint content_versions_one_row check (id = 1)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('content_versions');
}
