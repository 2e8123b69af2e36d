import type { Knex } from 'knex';

// Which evidence reports an entry draws on: seen by organisers only, never published. A report that expires
// takes its links with it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('list_entry_reports', (t) => {
    t.integer('entry_id').notNullable().references('list_entries.id').onDelete('CASCADE');
    t.uuid('report_id').notNullable().references('evidence_reports.id').onDelete('CASCADE');
    t.integer('added_by');
    t.primary(['entry_id', 'report_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('list_entry_reports');
}
