import type { Knex } from 'knex';

// Each load of an MEP file (the bundled one at start-up, or `meps:import FILE`), by its content hash:
// the bundled file is loaded once per hash, and every import leaves its diff here.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mep_directory_loads', (t) => {
    t.increments('id');
    t.string('source', 10).notNullable();
    t.string('file_hash', 64).notNullable();
    t.integer('records').notNullable();
    t.integer('joined').notNullable();
    t.integer('left').notNullable();
    t.integer('changed_group').notNullable();
    t.timestamp('loaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['file_hash']);
  });
  await knex.raw("alter table mep_directory_loads add constraint mep_directory_loads_source check (source in ('bundled','import'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mep_directory_loads');
}
