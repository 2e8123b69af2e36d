import type { Knex } from 'knex';

// The emailed links of the letter tool: confirm a request, answer "did they reply?" for one letter,
// or stop the follow-up email. Only a SHA-256 of each 256-bit token is stored.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('letter_tokens', (t) => {
    t.binary('token_hash').primary();
    t.bigInteger('request_id').notNullable().references('letter_requests.id').onDelete('CASCADE');
    t.bigInteger('letter_id').references('letters.id').onDelete('CASCADE');
    t.string('purpose', 10).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['request_id']);
  });
  await knex.raw(`alter table letter_tokens
    add constraint letter_tokens_purpose check (purpose in ('confirm','answer','optout')),
    add constraint letter_tokens_letter check ((purpose = 'answer') = (letter_id is not null))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('letter_tokens');
}
