import type { Knex } from 'knex';

// Monthly donations, one row per Stripe subscription (sub_…), whichever event told us of it first.
// status_at and status_rank order the status reports (Stripe promises no order): a report applies only
// if it is newer, or as new and further along; an end (canceled, incomplete_expired) applies whenever
// it arrives and is final.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('donation_subscriptions', (t) => {
    t.string('id', 255).primary();
    t.uuid('intent_id');
    t.string('campaign', 80);
    t.string('lang', 2).notNullable();
    t.string('currency', 3);
    t.integer('amount_minor');
    t.string('status', 24).notNullable();
    t.bigInteger('status_at').notNullable();
    t.smallint('status_rank').notNullable();
    t.timestamp('canceled_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status']);
  });
  await knex.raw(`alter table donation_subscriptions
    add constraint donation_subscriptions_lang check (lang in ('en','ru','kk','pl')),
    add constraint donation_subscriptions_currency check (currency ~ '^[A-Z]{3}$')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('donation_subscriptions');
}
