import type { Knex } from 'knex';

// The organisers named in the list tables are accounts (users are disabled, never deleted). A version's
// author may be none (the default content).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('list_entry_versions', (t) => {
    t.foreign('author_id').references('users.id');
  });
  await knex.schema.alterTable('list_approvals', (t) => {
    t.foreign('approver_id').references('users.id');
    t.foreign('author_id').references('users.id');
    t.foreign('submitter_id').references('users.id');
  });
  await knex.schema.alterTable('list_entry_events', (t) => {
    t.foreign('actor_id').references('users.id');
  });
  await knex.schema.alterTable('list_entry_reports', (t) => {
    t.foreign('added_by').references('users.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('list_entry_reports', (t) => {
    t.dropForeign(['added_by']);
  });
  await knex.schema.alterTable('list_entry_events', (t) => {
    t.dropForeign(['actor_id']);
  });
  await knex.schema.alterTable('list_approvals', (t) => {
    t.dropForeign(['approver_id']);
    t.dropForeign(['author_id']);
    t.dropForeign(['submitter_id']);
  });
  await knex.schema.alterTable('list_entry_versions', (t) => {
    t.dropForeign(['author_id']);
  });
}
