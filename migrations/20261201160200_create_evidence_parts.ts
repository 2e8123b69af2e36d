import type { Knex } from 'knex';

// The encrypted pieces of a report, in order: the source's messages and files, and the organisers'
// replies. Each is one OpenPGP message in a file under DATA_DIR/evidence with a random name; names and
// types of the files exist only inside the ciphertext. Sizes are those of the ciphertext.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evidence_parts', (t) => {
    t.uuid('report_id').notNullable().references('evidence_reports.id').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.string('kind', 10).notNullable();
    t.string('stored_name', 64).notNullable().unique();
    t.bigInteger('size').notNullable();
    t.date('received_on').notNullable();
    t.specificType('recipients', 'text[]').notNullable();
    t.integer('replied_by');
    t.primary(['report_id', 'seq']);
  });
  await knex.raw(`alter table evidence_parts
    add constraint evidence_parts_kind check (kind in ('message', 'file', 'reply')),
    add constraint evidence_parts_seq check (seq >= 1),
    add constraint evidence_parts_size check (size > 0),
    add constraint evidence_parts_name check (stored_name ~ '^[0-9a-f]{32}\\.gpg$'),
    add constraint evidence_parts_reply check ((kind = 'reply') = (replied_by is not null))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evidence_parts');
}
