import type { Knex } from 'knex';

// The audit log page lists newest first, filtered by action or by actor, a page at a time (keyset on id).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.index(['action', 'id'], 'audit_log_action_id');
    t.index(['actor', 'id'], 'audit_log_actor_id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['action', 'id'], 'audit_log_action_id');
    t.dropIndex(['actor', 'id'], 'audit_log_actor_id');
  });
}
