import type { Knex } from 'knex';

// Personal data are encrypted (AES-256-GCM, key outside the database); email_hash is an HMAC of the
// canonical address, used only to find duplicates and erase. Withdrawal nulls every personal column.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signatures', (t) => {
    t.bigIncrements('id');
    t.integer('petition_id').notNullable().references('petitions.id');
    t.string('state', 10).notNullable().defaultTo('pending');
    t.string('validity', 12).notNullable().defaultTo('valid');
    t.specificType('flags', 'text[]').notNullable().defaultTo('{}');
    t.binary('email_hash');
    t.binary('email_enc');
    t.binary('name_enc');
    t.binary('postcode_enc');
    t.string('country', 2).notNullable();
    t.boolean('public').notNullable().defaultTo(false);
    t.boolean('updates').notNullable().defaultTo(false);
    t.string('lang', 2).notNullable();
    t.string('consent_version', 64).notNullable();
    t.timestamp('consented_at', { useTz: true }).notNullable();
    t.binary('ip_hash');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('confirmed_at', { useTz: true });
    t.timestamp('withdrawn_at', { useTz: true });
    t.unique(['petition_id', 'email_hash']);
  });
  await knex.raw(`alter table signatures
    add constraint signatures_state check (state in ('pending','confirmed','withdrawn')),
    add constraint signatures_validity check (validity in ('valid','invalidated')),
    add constraint signatures_lang check (lang in ('en','ru','kk','pl')),
    add constraint signatures_country check (country ~ '^[A-Z]{2}$'),
    add constraint signatures_confirmed check ((state = 'confirmed') = (confirmed_at is not null and withdrawn_at is null) or state = 'withdrawn'),
    add constraint signatures_erased check (state <> 'withdrawn' or (email_hash is null and email_enc is null and name_enc is null and postcode_enc is null))`);
  await knex.raw("create index signatures_public_recent on signatures (petition_id, confirmed_at desc) where state = 'confirmed' and public");
  await knex.raw("create index signatures_pending_created on signatures (created_at) where state = 'pending'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signatures');
}
