import type { Knex } from 'knex';

// The proposed Zhanaozen list: one row per proposed person. `state` is the latest version's: a draft, in
// review, or published. The public sees `published_number` (which may be older than the latest version
// while a change is drafted or reviewed); none when it was never published or was withdrawn.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('list_entries', (t) => {
    t.increments('id');
    t.string('slug', 80).notNullable().unique();
    t.string('state', 12).notNullable().defaultTo('draft');
    t.integer('latest_number').notNullable().defaultTo(1);
    t.integer('published_number');
    t.timestamp('published_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table list_entries
    add constraint list_entries_state check (state in ('draft', 'in_review', 'published')),
    add constraint list_entries_slug check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    add constraint list_entries_numbers check (published_number is null or published_number between 1 and latest_number),
    add constraint list_entries_published check (state <> 'published' or published_number = latest_number)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('list_entries');
}
