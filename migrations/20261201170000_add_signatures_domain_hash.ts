import type { Knex } from 'knex';

// A keyed hash (HMAC with the lookup key) of the signer's canonical email domain, so moderators can find
// the signatures of one domain without decrypting every address. Set at signing, nulled on withdrawal
// and erasure with the other personal columns; older rows are filled by `signatures:hash-domains`.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('signatures', (t) => {
    t.binary('domain_hash');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('signatures', (t) => {
    t.dropColumn('domain_hash');
  });
}
