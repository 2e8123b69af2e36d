import type { Knex } from 'knex';

// Moderation by email domain: the signatures of one petition with one domain hash.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index signatures_petition_domain_hash on signatures (petition_id, domain_hash) where domain_hash is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index signatures_petition_domain_hash');
}
