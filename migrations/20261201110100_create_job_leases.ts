import type { Knex } from 'knex';

// Which instance holds which started job (pg-boss's job row names no owner). Written in the transaction
// that starts the job; `started_on` is that start, so a lease can never be mistaken for a later start
// of the same job. Deleted with its instance (a dead instance's leases go when its jobs are released).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_leases', (t) => {
    t.uuid('job_id').primary();
    t.text('queue').notNullable();
    t.uuid('instance_id').notNullable().references('id').inTable('job_instances').onDelete('CASCADE');
    t.timestamp('started_on', { useTz: true }).notNullable();
    t.index(['instance_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_leases');
}
