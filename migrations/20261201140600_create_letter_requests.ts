import type { Knex } from 'knex';

// One supporter's request to send letters through Dauys: their name and address (encrypted), their
// language, the consent they gave, and whether they want the one follow-up email. Confirming the
// address (double opt-in) releases the letters. Personal columns are erased once nothing needs them.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('letter_requests', (t) => {
    t.bigIncrements('id');
    t.integer('campaign_id').notNullable().references('letter_campaigns.id');
    t.binary('email_hash');
    t.binary('email_enc');
    t.binary('name_enc');
    t.string('country', 2).notNullable();
    t.string('lang', 2).notNullable();
    t.boolean('followup').notNullable().defaultTo(false);
    /** MEPs this address had already written to through Dauys when it asked again (told in the email, not sent twice). */
    t.specificType('already_meps', 'integer[]').notNullable().defaultTo('{}');
    t.string('consent_version', 64).notNullable();
    t.timestamp('consented_at', { useTz: true }).notNullable();
    t.string('state', 10).notNullable().defaultTo('pending');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('confirmed_at', { useTz: true });
    t.timestamp('followup_due_at', { useTz: true });
    t.timestamp('followup_sent_at', { useTz: true });
    t.timestamp('erased_at', { useTz: true });
  });
  await knex.raw(`alter table letter_requests
    add constraint letter_requests_state check (state in ('pending','confirmed','expired')),
    add constraint letter_requests_lang check (lang in ('en','ru','kk','pl')),
    add constraint letter_requests_country check (country ~ '^[A-Z]{2}$'),
    add constraint letter_requests_erased check (erased_at is null or (email_enc is null and name_enc is null))`);
  await knex.raw("create index letter_requests_pending on letter_requests (created_at) where state = 'pending'");
  await knex.raw('create index letter_requests_followup_due on letter_requests (followup_due_at) where followup_sent_at is null and followup_due_at is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('letter_requests');
}
