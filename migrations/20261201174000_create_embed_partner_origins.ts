import type { Knex } from 'knex';

// The partner sites that may show a petition's embed in a frame (its Content-Security-Policy
// frame-ancestors): one origin (scheme, host and port, nothing else) per row, set by organisers per
// petition. None by default: then no site may frame it. (No '?' in the SQL: knex.raw reads it as a binding.)
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('embed_partner_origins', (t) => {
    t.integer('petition_id').notNullable().references('id').inTable('petitions').onDelete('CASCADE');
    t.string('origin', 300).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['petition_id', 'origin']);
  });
  await knex.raw(`alter table embed_partner_origins
    add constraint embed_partner_origins_shape check (origin ~ '^(http|https)://[a-z0-9.-]+(:[0-9]{1,5}){0,1}$')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('embed_partner_origins');
}
