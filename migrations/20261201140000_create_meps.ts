import type { Knex } from 'knex';

// The MEP directory (content/data/meps.json): one row per person who has sat in the 10th Parliament,
// keyed by the EP's person id. Records of MEPs who left stay (active = false) so old letters resolve.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('meps', (t) => {
    t.integer('id').primary();
    t.text('full_name').notNullable();
    t.text('given_name').notNullable();
    t.text('family_name').notNullable();
    t.text('ep_name').notNullable();
    t.string('country', 2).notNullable();
    t.string('group_code', 16).notNullable();
    t.text('group_name').notNullable();
    t.text('national_party');
    t.text('email');
    t.specificType('committees', 'text[]');
    t.specificType('delegations', 'text[]');
    t.jsonb('body_roles');
    t.date('memberships_as_of');
    t.string('gender', 6);
    t.boolean('active').notNullable();
    t.date('term_start');
    t.date('term_end');
    t.text('note');
    t.text('profile_url').notNullable();
    t.text('postal_address');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table meps
    add constraint meps_country check (country ~ '^[A-Z]{2}$'),
    add constraint meps_gender check (gender in ('female','male')),
    add constraint meps_active_email check (not active or email is not null)`);
  await knex.raw('create index meps_active_country on meps (country) where active');
  await knex.raw('create index meps_committees on meps using gin (committees)');
  await knex.raw('create index meps_delegations on meps using gin (delegations)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('meps');
}
