import type { Knex } from 'knex';

// The political prisoners a campaign's letters name: since when, the sentence and status in each
// language, the date the information describes (as_of) and its source. Organisers keep it reviewed.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('political_prisoners', (t) => {
    t.increments('id');
    t.integer('campaign_id').notNullable().references('letter_campaigns.id').onDelete('CASCADE');
    t.string('ref', 40).notNullable();
    t.smallint('position').notNullable().defaultTo(0);
    t.date('since');
    t.date('as_of').notNullable();
    t.text('source_url');
    t.string('source_hash', 64);
    t.timestamp('edited_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['campaign_id', 'ref']);
  });
  await knex.schema.createTable('political_prisoner_translations', (t) => {
    t.integer('prisoner_id').notNullable().references('political_prisoners.id').onDelete('CASCADE');
    t.string('lang', 2).notNullable();
    t.text('name').notNullable();
    t.text('sentence').notNullable();
    t.text('status').notNullable();
    t.text('source_label').notNullable();
    t.primary(['prisoner_id', 'lang']);
  });
  await knex.raw("alter table political_prisoner_translations add constraint political_prisoner_translations_lang check (lang in ('en','ru','kk','pl'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('political_prisoner_translations');
  await knex.schema.dropTable('political_prisoners');
}
