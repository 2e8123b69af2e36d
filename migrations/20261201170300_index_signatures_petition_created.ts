import type { Knex } from 'knex';

// The dashboard's signatures created per day, by state and validity: an index-only scan of one petition's
// entries instead of a read of the whole table (about a million rows for a large petition).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index signatures_petition_created on signatures (petition_id, created_at) include (state, validity)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index signatures_petition_created');
}
