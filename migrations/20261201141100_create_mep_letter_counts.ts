import type { Knex } from 'knex';

// Letters delivered to each MEP per campaign, and the senders' answers to "did they reply?": counts
// only, written in the same transaction as the letter's change, kept when the texts are deleted.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mep_letter_counts', (t) => {
    t.integer('campaign_id').notNullable().references('letter_campaigns.id').onDelete('CASCADE');
    t.integer('mep_id').notNullable().references('meps.id');
    t.integer('sent').notNullable().defaultTo(0);
    t.integer('replied').notNullable().defaultTo(0);
    t.integer('no_reply').notNullable().defaultTo(0);
    t.primary(['campaign_id', 'mep_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mep_letter_counts');
}
