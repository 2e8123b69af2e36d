// Seeds many confirmed signatures fast, in SQL (generate_series), for the reports bench and the export's
// memory test: a few hundred names and addresses are encrypted here with the app's key and reused row
// after row (so the export has real ciphertexts to decrypt), spread over countries, days and languages;
// a third agreed to updates. The sharded counters get the same totals, as confirmations would leave them.
import type { Knex } from 'knex';
import { encrypt } from '../src/lib/crypto.ts';

const NAMES = ['Aigerim Nurlanovna', 'Jan Kowalski', 'Анна Петрова', 'Жанар Әбілқызы', 'Łukasz Żółć', 'Marie Dubois', 'Ғалым Қасымов', 'Sofia Rossi', '=HYPERLINK("x")', 'Ørjan Ødegård'];
const COUNTRIES = ['PL', 'DE', 'KZ', 'FR', 'LT', 'MT', 'GB', 'NL', 'SE', 'UA', 'IT', 'ES'];
const LANGS = ['en', 'ru', 'kk', 'pl'];
const DISTINCT = 300;

export interface SeedOptions {
  readonly petitionId: number;
  readonly count: number;
  readonly encryptionKey: Buffer;
  /** The latest confirmation; the others go back up to 90 days from it. */
  readonly until: Date;
  /** Rows per statement (each its own transaction). */
  readonly batch?: number;
}

/** Inserts `count` confirmed, valid signatures and adds them to the counters; returns the seconds it took. */
export async function seedConfirmedSignatures(db: Knex, options: SeedOptions): Promise<number> {
  const started = performance.now();
  const names = Array.from({ length: DISTINCT }, (_, i) => encrypt(options.encryptionKey, `${NAMES[i % NAMES.length]} ${i}`));
  const emails = Array.from({ length: DISTINCT }, (_, i) => encrypt(options.encryptionKey, `seeded.${i}@example.net`));
  const batch = options.batch ?? 250_000;
  const run = `${process.pid}.${Date.now()}`;
  for (let first = 1; first <= options.count; first += batch) {
    const last = Math.min(options.count, first + batch - 1);
    await db.raw(
      `insert into signatures (petition_id, state, validity, flags, email_hash, email_enc, name_enc, country, public, updates, lang, consent_version, consented_at, created_at, confirmed_at)
       select ?, 'confirmed', 'valid', case when g % 50 = 0 then array['timing_too_fast'] else '{}'::text[] end,
              sha256(convert_to(? || ':' || g, 'UTF8')), (?::bytea[])[1 + g % ${DISTINCT}], (?::bytea[])[1 + (g * 7) % ${DISTINCT}],
              (?::text[])[1 + g % ${COUNTRIES.length}], false, g % 3 = 0, (?::text[])[1 + g % 4], ?, t.at - interval '1 minute', t.at - interval '1 minute', t.at
         from generate_series(?::int, ?::int) as g
         cross join lateral (select ?::timestamptz - (g % 90) * interval '1 day' - (g % 80000) * interval '1 second' as at) as t`,
      [options.petitionId, run, emails, names, COUNTRIES, LANGS, `seed:${run}`, first, last, options.until.toISOString()],
    );
  }
  await db.raw(
    `insert into signature_counts (petition_id, country, day, shard, n, updated_at)
     select petition_id, country, (confirmed_at at time zone 'UTC')::date, 0, count(*)::int, now()
       from signatures where petition_id = ? and consent_version = ? and state = 'confirmed'
      group by 1, 2, 3
     on conflict (petition_id, country, day, shard) do update set n = signature_counts.n + excluded.n, updated_at = now()`,
    [options.petitionId, `seed:${run}`],
  );
  await db.raw('analyze signatures');
  return (performance.now() - started) / 1000;
}
