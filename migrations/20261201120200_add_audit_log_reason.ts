import type { Knex } from 'knex';

// Why an organiser did something (invalidations, erasures, role changes), beside who, what and when.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.text('reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropColumn('reason');
  });
}
