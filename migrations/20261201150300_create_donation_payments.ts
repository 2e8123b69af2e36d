import type { Knex } from 'knex';

// Every payment, once, keyed by its Stripe object: the Checkout Session (cs_…) of a one-off donation,
// the invoice (in_…) of each monthly one. Whichever event arrives first writes the row; later ones only
// complete it (status moves pending → failed | paid, never back; amount_settled once the payment's
// own object has stated the amount). The donor's address is encrypted
// (AES-256-GCM) with a keyed hash for lookups and erasure (after an erasure request, address_erased keeps a
// late event from bringing it back); the thank-you email is queued once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('donation_payments', (t) => {
    t.bigIncrements('id');
    t.string('stripe_id', 255).notNullable().unique();
    t.string('kind', 8).notNullable();
    t.string('status', 8).notNullable();
    t.string('currency', 3).notNullable();
    t.integer('amount_minor').notNullable();
    t.boolean('amount_settled').notNullable().defaultTo(false);
    t.string('lang', 2).notNullable();
    t.string('campaign', 80);
    t.uuid('intent_id');
    t.string('checkout_session_id', 255);
    t.string('subscription_id', 255);
    t.string('payment_intent', 255).unique();
    t.binary('email_enc');
    t.binary('email_hash');
    t.boolean('address_erased').notNullable().defaultTo(false);
    t.boolean('thank_you_due').notNullable().defaultTo(false);
    t.timestamp('thank_you_queued_at', { useTz: true });
    t.timestamp('paid_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['checkout_session_id']);
    t.index(['subscription_id']);
    t.index(['email_hash']);
  });
  await knex.raw(`alter table donation_payments
    add constraint donation_payments_kind check (kind in ('one_off','monthly')),
    add constraint donation_payments_status check (status in ('pending','failed','paid')),
    add constraint donation_payments_paid check ((status = 'paid') = (paid_at is not null)),
    add constraint donation_payments_currency check (currency ~ '^[A-Z]{3}$'),
    add constraint donation_payments_amount check (amount_minor >= 0),
    add constraint donation_payments_lang check (lang in ('en','ru','kk','pl'))`);
  await knex.raw("create index donation_payments_paid_at on donation_payments (paid_at) where status = 'paid'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('donation_payments');
}
