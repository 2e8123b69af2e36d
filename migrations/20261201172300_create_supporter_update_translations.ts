import type { Knex } from 'knex';

// An update's text per language: a subject and a Markdown body (rendered and sanitised when shown or sent).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('supporter_update_translations', (t) => {
    t.integer('update_id').notNullable().references('supporter_updates.id').onDelete('CASCADE');
    t.string('lang', 2).notNullable();
    t.string('subject', 200).notNullable();
    t.text('body').notNullable();
    t.primary(['update_id', 'lang']);
  });
  await knex.raw("alter table supporter_update_translations add constraint supporter_update_translations_lang check (lang in ('en','ru','kk','pl'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('supporter_update_translations');
}
