import type { Knex } from 'knex';

// EP committees and delegations (content/data/ep-bodies.json), with their names in other languages
// where Dauys has them (content/data/ep-body-names.json); elsewhere the EP's English name is shown.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ep_bodies', (t) => {
    t.string('code', 8).primary();
    t.string('kind', 10).notNullable();
    t.text('type').notNullable();
    t.text('name').notNullable();
    t.string('parent', 8);
    t.text('name_source');
    t.specificType('ep_org_ids', 'text[]').notNullable().defaultTo('{}');
    t.text('note');
  });
  await knex.raw("alter table ep_bodies add constraint ep_bodies_kind check (kind in ('committee','delegation'))");
  await knex.schema.createTable('ep_body_translations', (t) => {
    t.string('code', 8).notNullable().references('ep_bodies.code').onDelete('CASCADE');
    t.string('lang', 2).notNullable();
    t.text('name');
    t.text('short_name');
    t.primary(['code', 'lang']);
  });
  await knex.raw("alter table ep_body_translations add constraint ep_body_translations_lang check (lang in ('en','ru','kk','pl'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ep_body_translations');
  await knex.schema.dropTable('ep_bodies');
}
