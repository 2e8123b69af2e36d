import type { Knex } from 'knex';

// The organisers' sessions, in connect-pg-simple's layout (sid, sess, expire), created here rather than by
// the store (createTableIfMissing is off). sess is jsonb so a user's sessions can be listed and ended.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('admin_sessions', (t) => {
    t.string('sid', 255).primary();
    t.jsonb('sess').notNullable();
    t.timestamp('expire', { useTz: true, precision: 6 }).notNullable();
    t.index(['expire']);
  });
  await knex.raw("create index admin_sessions_user on admin_sessions ((sess->>'userId'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('admin_sessions');
}
