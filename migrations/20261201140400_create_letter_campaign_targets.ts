import type { Knex } from 'knex';

// Whom a campaign writes to: the union of its targets, each a country, an EP body (committee or
// delegation), a political group, or one hand-picked MEP. `key` targets are the MEPs shown as the
// ones that matter most for the campaign's file.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('letter_campaign_targets', (t) => {
    t.integer('campaign_id').notNullable().references('letter_campaigns.id').onDelete('CASCADE');
    t.string('kind', 8).notNullable();
    t.string('value', 16).notNullable();
    t.boolean('key').notNullable().defaultTo(false);
    t.primary(['campaign_id', 'kind', 'value']);
  });
  await knex.raw("alter table letter_campaign_targets add constraint letter_campaign_targets_kind check (kind in ('country','body','group','mep'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('letter_campaign_targets');
}
