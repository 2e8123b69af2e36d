import type { Knex } from 'knex';

// Each version's public sources, in order: a title, a link (some 2015 links no longer answer, and some
// sources have none) and the source's date.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('list_entry_version_sources', (t) => {
    t.integer('entry_id').notNullable();
    t.integer('number').notNullable();
    t.integer('position').notNullable();
    t.string('title', 500).notNullable();
    t.string('url', 1000);
    t.date('published_on');
    t.primary(['entry_id', 'number', 'position']);
    t.foreign(['entry_id', 'number']).references(['entry_id', 'number']).inTable('list_entry_versions').onDelete('CASCADE');
  });
  await knex.raw(`alter table list_entry_version_sources add constraint list_entry_version_sources_url check (url is null or url ~ '^(http|https)://')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('list_entry_version_sources');
}
