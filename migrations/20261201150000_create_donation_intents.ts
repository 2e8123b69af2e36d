import type { Knex } from 'knex';

// One row per donate form submission: what the visitor chose, before Stripe knows of it. Its id (a v4
// UUID) is the idempotency key of the Checkout Session request, so a retried request never makes a
// second session. No personal data: the donor's address is only known once Stripe reports a payment.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('donation_intents', (t) => {
    t.uuid('id').primary();
    t.string('campaign', 80).notNullable();
    t.string('lang', 2).notNullable();
    t.string('currency', 3).notNullable();
    t.integer('amount_minor').notNullable();
    t.string('frequency', 8).notNullable();
    t.string('checkout_session_id', 255).unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['created_at']);
  });
  await knex.raw(`alter table donation_intents
    add constraint donation_intents_lang check (lang in ('en','ru','kk','pl')),
    add constraint donation_intents_currency check (currency in ('EUR','PLN','USD')),
    add constraint donation_intents_amount check (amount_minor > 0),
    add constraint donation_intents_frequency check (frequency in ('once','monthly'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('donation_intents');
}
