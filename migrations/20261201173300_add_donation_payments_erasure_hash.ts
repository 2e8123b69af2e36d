import type { Knex } from 'knex';

// The keyed hash every erasure hook finds an address by (HMAC of the canonical address, see
// src/erasure/registry.ts), beside donations' own hash ("donor:" + lower case), so a donor's payments
// are found and erased with their signatures and letters. Rows written before this have none (the key is
// outside the database, so a migration cannot compute it): they are still found by the donations' own
// lookup (findDonorRecord, by address).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('donation_payments', (t) => {
    t.binary('erasure_hash');
    t.index(['erasure_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('donation_payments', (t) => {
    t.dropIndex(['erasure_hash']);
    t.dropColumn('erasure_hash');
  });
}
