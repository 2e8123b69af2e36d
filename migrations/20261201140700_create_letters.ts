import type { Knex } from 'knex';

// One letter to one MEP. Its text (encrypted) lives only until it is delivered; the row stays, so the
// counts and the one-letter rule (one per sender, MEP and campaign) outlive it. send_after is the
// slot the per-MEP pace gave it (see src/letters/pace.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('letters', (t) => {
    t.bigIncrements('id');
    t.bigInteger('request_id').notNullable().references('letter_requests.id').onDelete('CASCADE');
    t.integer('campaign_id').notNullable().references('letter_campaigns.id');
    t.integer('mep_id').notNullable().references('meps.id');
    t.binary('email_hash').notNullable();
    t.string('lang', 2).notNullable();
    t.binary('subject_enc');
    t.binary('body_enc');
    t.string('state', 10).notNullable().defaultTo('pending');
    t.string('refusal', 20);
    t.timestamp('send_after', { useTz: true });
    t.timestamp('queued_at', { useTz: true });
    t.timestamp('sent_at', { useTz: true });
    t.string('answer', 10);
    t.timestamp('answered_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['request_id']);
  });
  await knex.raw(`alter table letters
    add constraint letters_state check (state in ('pending','confirmed','queued','sent','refused','cancelled','failed')),
    add constraint letters_lang check (lang in ('en','ru','kk','pl')),
    add constraint letters_answer check (answer in ('replied','no_reply')),
    add constraint letters_text_gone check (state not in ('sent','refused','cancelled','failed') or (subject_enc is null and body_enc is null)),
    add constraint letters_scheduled check (state not in ('confirmed','queued') or send_after is not null)`);
  await knex.raw("create unique index letters_one_per_sender on letters (campaign_id, mep_id, email_hash) where state not in ('cancelled','refused','failed')");
  await knex.raw("create index letters_due on letters (send_after) where state = 'confirmed'");
  await knex.raw("create index letters_sent_per_mep on letters (mep_id, sent_at) where state = 'sent'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('letters');
}
