import type { Knex } from 'knex';

// Refunds, one row per refunded charge (ch_…) holding the largest amount refunded Stripe has reported
// (charge.refunded carries the running total, so a replayed or late event cannot count twice). A refund
// belongs to a donation through its PaymentIntent, or through the invoice a job looked up for it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('donation_refunds', (t) => {
    t.string('charge_id', 255).primary();
    t.string('payment_intent', 255);
    t.string('invoice_id', 255);
    t.string('currency', 3).notNullable();
    t.integer('amount_minor').notNullable();
    t.timestamp('refunded_at', { useTz: true }).notNullable();
    t.index(['payment_intent']);
    t.index(['invoice_id']);
  });
  await knex.raw(`alter table donation_refunds
    add constraint donation_refunds_currency check (currency ~ '^[A-Z]{3}$'),
    add constraint donation_refunds_amount check (amount_minor >= 0)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('donation_refunds');
}
