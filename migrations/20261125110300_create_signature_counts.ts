import type { Knex } from 'knex';

// Confirmed-signature counters, sharded so concurrent confirmations do not queue on one hot row.
// The true count of a (petition, country, day) is the sum over its shards.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signature_counts', (t) => {
    t.integer('petition_id').notNullable().references('petitions.id');
    t.string('country', 2).notNullable();
    t.date('day').notNullable();
    t.smallint('shard').notNullable();
    t.integer('n').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['petition_id', 'country', 'day', 'shard']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signature_counts');
}
