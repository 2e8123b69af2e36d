import type { Knex } from 'knex';

// The public fundraising goal of a campaign, which organisers switch on. Donations in other currencies
// are converted into the goal's currency at the rates organisers enter (units of the goal currency per
// unit of the other), so one bar shows everything; the rates are theirs to keep current.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('donation_goals', (t) => {
    t.string('campaign', 80).primary();
    t.boolean('enabled').notNullable().defaultTo(false);
    t.string('currency', 3).notNullable();
    t.bigInteger('amount_minor').notNullable();
    t.jsonb('rates').notNullable().defaultTo('{}');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table donation_goals
    add constraint donation_goals_currency check (currency in ('EUR','PLN','USD')),
    add constraint donation_goals_amount check (amount_minor > 0)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('donation_goals');
}
