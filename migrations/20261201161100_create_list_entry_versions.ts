import type { Knex } from 'knex';

// Every version of every entry, never changed once written: the names (original script, Latin and Cyrillic
// transliteration), the category, who wrote it (no one: the default content) and the change note.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('list_entry_versions', (t) => {
    t.integer('entry_id').notNullable().references('list_entries.id').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.string('name_original', 200).notNullable();
    t.string('name_latin', 200).notNullable();
    t.string('name_cyrillic', 200).notNullable();
    t.string('category', 30).notNullable();
    t.integer('author_id');
    t.text('note').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['entry_id', 'number']);
  });
  await knex.raw(`alter table list_entry_versions
    add constraint list_entry_versions_number check (number >= 1),
    add constraint list_entry_versions_category check (category in ('lethal-force', 'torture', 'unlawful-prosecution', 'persecution', 'whitewashing'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('list_entry_versions');
}
