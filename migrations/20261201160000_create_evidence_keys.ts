import type { Knex } from 'knex';

// The organisers' OpenPGP public keys that evidence is encrypted to. Public keys only: the private keys
// never reach the server. A key is active while it is not retired and has not expired.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evidence_keys', (t) => {
    t.increments('id');
    t.string('fingerprint', 64).notNullable().unique();
    t.text('armored').notNullable();
    t.string('label', 300).notNullable();
    t.string('algorithm', 60).notNullable();
    t.timestamp('key_created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true });
    t.integer('added_by');
    t.timestamp('added_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('retired_by');
    t.timestamp('retired_at', { useTz: true });
  });
  await knex.raw(`alter table evidence_keys
    add constraint evidence_keys_fingerprint check (fingerprint ~ '^([0-9a-f]{40}|[0-9a-f]{64})$'),
    add constraint evidence_keys_public_only check (armored like '-----BEGIN PGP PUBLIC KEY BLOCK-----%' and armored not like '%PRIVATE KEY%')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evidence_keys');
}
