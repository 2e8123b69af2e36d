import type { Knex } from 'knex';

// The per-MEP delivery schedule shared by every app instance: the next free slot for letters to each
// MEP. A confirmation locks the row, takes the slot and moves it on (src/letters/pace.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mep_send_pace', (t) => {
    t.integer('mep_id').primary().references('meps.id');
    t.timestamp('next_slot_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mep_send_pace');
}
