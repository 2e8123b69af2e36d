import type { Knex } from 'knex';

// MinHash signatures of the personal paragraphs of letters released for sending, and their LSH band
// hashes, so a near-copy of another letter to the same MEP is found with one indexed lookup (see
// src/letters/similarity.ts). A signature cannot be turned back into the text; it outlives the text.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('letter_fingerprints', (t) => {
    t.bigInteger('letter_id').primary().references('letters.id').onDelete('CASCADE');
    t.integer('mep_id').notNullable().references('meps.id');
    t.specificType('minhash', 'integer[]').notNullable();
  });
  await knex.schema.createTable('letter_fingerprint_bands', (t) => {
    t.integer('mep_id').notNullable();
    t.smallint('band').notNullable();
    t.integer('value').notNullable();
    t.bigInteger('letter_id').notNullable().references('letter_fingerprints.letter_id').onDelete('CASCADE');
    t.primary(['mep_id', 'band', 'value', 'letter_id']);
  });
  await knex.raw('create index letter_fingerprint_bands_letter on letter_fingerprint_bands (letter_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('letter_fingerprint_bands');
  await knex.schema.dropTable('letter_fingerprints');
}
