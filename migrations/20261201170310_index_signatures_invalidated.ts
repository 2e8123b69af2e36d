import type { Knex } from 'knex';

// The dashboard's count of a petition's signatures invalidated by moderation (a small set).
export async function up(knex: Knex): Promise<void> {
  await knex.raw("create index signatures_petition_invalidated on signatures (petition_id) where validity = 'invalidated' and state <> 'withdrawn'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index signatures_petition_invalidated');
}
