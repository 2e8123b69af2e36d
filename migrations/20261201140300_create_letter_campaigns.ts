import type { Knex } from 'knex';

// Letter campaigns: open or closed, how many MEPs one supporter may choose, how many letters an MEP
// receives per hour at most, and the per-language templates (subject, body, salutations) with placeholders.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('letter_campaigns', (t) => {
    t.increments('id');
    t.string('slug', 80).notNullable().unique();
    t.string('status', 10).notNullable().defaultTo('open');
    t.smallint('max_meps').notNullable().defaultTo(5);
    t.smallint('per_mep_hourly').notNullable().defaultTo(6);
    t.timestamp('prisoners_reviewed_at', { useTz: true });
    t.string('prisoners_reviewed_by', 120);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
  });
  await knex.raw(`alter table letter_campaigns
    add constraint letter_campaigns_status check (status in ('open','closed')),
    add constraint letter_campaigns_max_meps check (max_meps between 1 and 20),
    add constraint letter_campaigns_pace check (per_mep_hourly between 1 and 60)`);
  await knex.schema.createTable('letter_campaign_translations', (t) => {
    t.integer('campaign_id').notNullable().references('letter_campaigns.id').onDelete('CASCADE');
    t.string('lang', 2).notNullable();
    t.text('title').notNullable();
    t.text('intro').notNullable();
    t.text('subject_template').notNullable();
    t.text('body_template').notNullable();
    /** The formal salutation for a woman, a man, and the neutral one where the EP records no gender. */
    t.text('salutation_female').notNullable();
    t.text('salutation_male').notNullable();
    t.text('salutation_neutral').notNullable();
    t.jsonb('sources').notNullable().defaultTo('[]');
    t.string('source_hash', 64).notNullable();
    t.timestamp('edited_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['campaign_id', 'lang']);
  });
  await knex.raw("alter table letter_campaign_translations add constraint letter_campaign_translations_lang check (lang in ('en','ru','kk','pl'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('letter_campaign_translations');
  await knex.schema.dropTable('letter_campaigns');
}
