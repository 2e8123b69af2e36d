import type { Knex } from 'knex';

// The second organiser's approval of a version, which publishes it. The database itself refuses an approval
// by the version's author or by the organiser who submitted it for review.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('list_approvals', (t) => {
    t.integer('entry_id').notNullable();
    t.integer('number').notNullable();
    t.integer('approver_id').notNullable();
    t.integer('author_id');
    t.integer('submitter_id').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['entry_id', 'number', 'approver_id']);
    t.foreign(['entry_id', 'number']).references(['entry_id', 'number']).inTable('list_entry_versions').onDelete('CASCADE');
  });
  await knex.raw(`alter table list_approvals
    add constraint list_approvals_second_organiser check (approver_id <> submitter_id and (author_id is null or approver_id <> author_id))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('list_approvals');
}
