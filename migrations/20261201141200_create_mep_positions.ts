import type { Knex } from 'knex';

// Each MEP's position on a campaign's ask, as recorded by an organiser, with its source and date.
// Every change is also written to audit_log.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mep_positions', (t) => {
    t.integer('campaign_id').notNullable().references('letter_campaigns.id').onDelete('CASCADE');
    t.integer('mep_id').notNullable().references('meps.id');
    t.string('position', 10).notNullable();
    t.text('source_label').notNullable();
    t.text('source_url');
    t.date('stated_on').notNullable();
    t.string('recorded_by', 120).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['campaign_id', 'mep_id']);
  });
  await knex.raw("alter table mep_positions add constraint mep_positions_position check (position in ('supports','opposes','undecided','no_answer'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mep_positions');
}
