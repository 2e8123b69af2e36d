import type { Knex } from 'knex';

// Moderation by IP hash: the signatures of one petition from one (daily-keyed) IP hash, and the largest groups.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index signatures_petition_ip_hash on signatures (petition_id, ip_hash) where ip_hash is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index signatures_petition_ip_hash');
}
