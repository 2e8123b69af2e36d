import type { Knex } from 'knex';

// Each version's texts per language: the position and institution at the time, and the summary.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('list_entry_version_texts', (t) => {
    t.integer('entry_id').notNullable();
    t.integer('number').notNullable();
    t.string('lang', 2).notNullable();
    t.string('position', 300).notNullable();
    t.string('institution', 300).notNullable();
    t.text('summary').notNullable();
    t.primary(['entry_id', 'number', 'lang']);
    t.foreign(['entry_id', 'number']).references(['entry_id', 'number']).inTable('list_entry_versions').onDelete('CASCADE');
  });
  await knex.raw("alter table list_entry_version_texts add constraint list_entry_version_texts_lang check (lang in ('en', 'ru', 'kk', 'pl'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('list_entry_version_texts');
}
