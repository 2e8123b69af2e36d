import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('petitions', (t) => {
    t.increments('id');
    t.string('slug', 80).notNullable().unique();
    t.integer('goal').notNullable();
    t.specificType('milestones', 'integer[]').notNullable().defaultTo('{}');
    t.string('status', 10).notNullable().defaultTo('open');
    t.timestamp('deadline', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw("alter table petitions add constraint petitions_status check (status in ('open','closed')), add constraint petitions_goal check (goal > 0)");
  await knex.schema.createTable('petition_translations', (t) => {
    t.integer('petition_id').notNullable().references('petitions.id').onDelete('CASCADE');
    t.string('lang', 2).notNullable();
    t.text('title').notNullable();
    t.text('summary').notNullable();
    t.text('addressee').notNullable();
    t.jsonb('body').notNullable();
    t.jsonb('asks').notNullable();
    t.text('consent').notNullable();
    t.text('updates_consent').notNullable();
    /** sha256 of the exact consent wording and language: what each signer agreed to. */
    t.string('consent_version', 64).notNullable();
    t.string('source_hash', 64).notNullable();
    t.timestamp('edited_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['petition_id', 'lang']);
  });
  await knex.raw("alter table petition_translations add constraint petition_translations_lang check (lang in ('en','ru','kk','pl'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('petition_translations');
  await knex.schema.dropTable('petitions');
}
