import type { Knex } from 'knex';

// Signatures made per petition and UTC day, counted when they are stored (in the signing batch's own
// statement), sharded as signature_counts so concurrent batches rarely touch one row. What was made
// stays made: deleting an unconfirmed signature later does not take it off, so the dashboard's
// "confirmed that day ÷ made that day" falls when confirmation emails stop arriving.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signature_created_counts', (t) => {
    t.integer('petition_id').notNullable().references('petitions.id');
    t.date('day').notNullable();
    t.smallint('shard').notNullable();
    t.integer('n').notNullable().defaultTo(0);
    t.primary(['petition_id', 'day', 'shard']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signature_created_counts');
}
