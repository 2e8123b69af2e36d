import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('campaigns', (t) => {
    t.increments('id');
    t.string('slug', 80).notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('campaign_translations', (t) => {
    t.integer('campaign_id').notNullable().references('campaigns.id').onDelete('CASCADE');
    t.string('lang', 2).notNullable();
    t.text('title').notNullable();
    t.text('lead').notNullable();
    t.jsonb('sections').notNullable();
    t.jsonb('sources').notNullable();
    t.string('source_hash', 64).notNullable();
    t.timestamp('edited_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['campaign_id', 'lang']);
  });
  await knex.raw("alter table campaign_translations add constraint campaign_translations_lang check (lang in ('en','ru','kk','pl'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('campaign_translations');
  await knex.schema.dropTable('campaigns');
}
