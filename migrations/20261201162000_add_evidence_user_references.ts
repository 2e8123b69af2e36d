import type { Knex } from 'knex';

// The organisers named in the evidence tables are accounts (users are disabled, never deleted).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evidence_keys', (t) => {
    t.foreign('added_by').references('users.id');
    t.foreign('retired_by').references('users.id');
  });
  await knex.schema.alterTable('evidence_parts', (t) => {
    t.foreign('replied_by').references('users.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evidence_parts', (t) => {
    t.dropForeign(['replied_by']);
  });
  await knex.schema.alterTable('evidence_keys', (t) => {
    t.dropForeign(['added_by']);
    t.dropForeign(['retired_by']);
  });
}
