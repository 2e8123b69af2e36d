import type { Knex } from 'knex';

// Who did what to which record: organisers' actions, invalidations, exports, erasures (ids only, no personal data).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('actor', 120).notNullable();
    t.string('action', 80).notNullable();
    t.string('subject', 200).notNullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['subject']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
