import type { Knex } from 'knex';

// Data: the signatures already stored, counted by petition and UTC day of creation (those deleted
// earlier, unconfirmed, cannot be counted any more).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`insert into signature_created_counts (petition_id, day, shard, n)
    select petition_id, (created_at at time zone 'UTC')::date, 0, count(*)::int from signatures group by 1, 2
    on conflict (petition_id, day, shard) do update set n = signature_created_counts.n + excluded.n`);
}

export async function down(knex: Knex): Promise<void> {
  await knex('signature_created_counts').delete();
}
