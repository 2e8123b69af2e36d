import type { Knex } from 'knex';

// A letter erased on its sender's request keeps its row (the MEP's count, its state) but not the keyed
// hash of the sender's address; the one-letter rule's unique index ignores such rows (nulls are distinct).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table letters alter column email_hash drop not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('delete from letters where email_hash is null');
  await knex.raw('alter table letters alter column email_hash set not null');
}
