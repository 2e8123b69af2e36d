import type { Knex } from 'knex';

// The dashboard's count of a petition's withdrawn or erased signatures (a small set: signers who withdrew).
export async function up(knex: Knex): Promise<void> {
  await knex.raw("create index signatures_petition_withdrawn on signatures (petition_id) where state = 'withdrawn'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index signatures_petition_withdrawn');
}
