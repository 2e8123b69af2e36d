import type { Knex } from 'knex';

// Whether the petition's public page shows its progress per EU member state (switched by organisers).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('petitions', (t) => {
    t.boolean('show_member_states').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('petitions', (t) => {
    t.dropColumn('show_member_states');
  });
}
