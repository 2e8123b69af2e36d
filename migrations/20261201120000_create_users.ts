import type { Knex } from 'knex';

// The organisers' accounts. The address is stored encrypted (DATA_KEY) and found by a keyed hash of its
// lower-cased form; passwords as argon2id hashes; the TOTP secret encrypted; the last TOTP time-step used,
// so each code works once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.binary('email_hash').notNullable().unique();
    t.binary('email').notNullable();
    t.text('password_hash').notNullable();
    t.string('role', 20).notNullable();
    t.boolean('must_change_password').notNullable().defaultTo(true);
    t.binary('totp_secret');
    t.bigInteger('totp_last_step');
    t.timestamp('totp_enabled_at', { useTz: true });
    t.timestamp('disabled_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true });
    t.timestamp('password_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table users
    add constraint users_role check (role in ('admin', 'organiser', 'moderator')),
    add constraint users_totp check ((totp_secret is null) = (totp_enabled_at is null))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
