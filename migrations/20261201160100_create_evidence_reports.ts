import type { Knex } from 'knex';

// Anonymous reports. Nothing here identifies the source or says when within a day they wrote: the
// receipt only as HMAC-SHA256(pepper, receipt), days and no times, random ids. The source's reply key:
// its public half, and its private half sealed (AES-256-GCM) under argon2id(receipt, source_key_salt).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evidence_reports', (t) => {
    t.uuid('id').primary();
    t.binary('receipt_hash').notNullable().unique();
    t.date('received_on').notNullable();
    t.date('last_activity_on').notNullable();
    t.string('status', 12).notNullable().defaultTo('new');
    t.boolean('keep').notNullable().defaultTo(false);
    t.string('lang', 2).notNullable();
    t.text('source_public_key').notNullable();
    t.binary('source_key_enc').notNullable();
    t.binary('source_key_salt').notNullable();
  });
  await knex.raw(`alter table evidence_reports
    add constraint evidence_reports_status check (status in ('new', 'in_review', 'used', 'rejected')),
    add constraint evidence_reports_lang check (lang in ('en', 'ru', 'kk', 'pl')),
    add constraint evidence_reports_receipt check (octet_length(receipt_hash) = 32),
    add constraint evidence_reports_salt check (octet_length(source_key_salt) = 16),
    add constraint evidence_reports_days check (last_activity_on >= received_on)`);
  await knex.raw('create index evidence_reports_expiry on evidence_reports (last_activity_on) where not keep');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evidence_reports');
}
