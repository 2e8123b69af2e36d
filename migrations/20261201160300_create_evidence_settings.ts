import type { Knex } from 'knex';

// The organisers' settings of the evidence drop (one row): how many days a report is kept after its last
// message in either direction, unless marked to keep. No row yet means the defaults (evidence/settings.repo.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evidence_settings', (t) => {
    t.boolean('id').primary().defaultTo(true);
    t.integer('retention_days').notNullable().defaultTo(90);
  });
  await knex.raw(`alter table evidence_settings
    add constraint evidence_settings_single check (id),
    add constraint evidence_settings_retention check (retention_days between 7 and 3650)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evidence_settings');
}
