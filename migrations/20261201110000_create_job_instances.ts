import type { Knex } from 'knex';

// One row per running job thread (an app instance's workers), refreshed by its heartbeat every second
// (src/jobs/leases.ts). A row whose heartbeat has stopped names a dead instance: another instance
// deletes it and puts the jobs it held back in the queue at once, instead of waiting for their expiry.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_instances', (t) => {
    t.uuid('id').primary();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('heartbeat_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('host', 255).notNullable();
    t.integer('pid').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_instances');
}
