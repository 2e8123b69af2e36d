import type { Knex } from 'knex';

// When a petition closed: personal data of its signatures are purged 24 months later.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('petitions', (t) => {
    t.timestamp('closed_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('petitions', (t) => {
    t.dropColumn('closed_at');
  });
}
