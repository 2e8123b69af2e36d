// Signature factories named by state, written straight to the database as the app would have left them
// (personal columns encrypted, the address's keyed hash, the signatures made per day counted, the
// sharded counters moved for every confirmed and valid one), for tests that need hundreds of signatures
// on chosen days. Moderation's invalidation is imitated as moderation does it: validity 'invalidated',
// the counter taken down, an audit entry.
import type { AppDeps } from '../../src/container.ts';
import { encrypt, hmac } from '../../src/lib/crypto.ts';
import { canonicalEmail } from '../../src/petitions/email-canonical.ts';
import { countUpsertSql } from '../../src/petitions/counts.repo.ts';

export interface SignatureSpec {
  readonly name?: string;
  readonly email?: string;
  readonly country?: string;
  readonly postcode?: string;
  readonly updates?: boolean;
  readonly public?: boolean;
  readonly lang?: 'en' | 'ru' | 'kk' | 'pl';
  readonly flags?: string[];
  /** When it was confirmed (confirmed signatures only). */
  readonly confirmedAt?: Date;
}

let serial = 0;
const uniqueEmail = () => `signer.${process.pid}.${(serial += 1)}@example.net`;

export async function petitionId(deps: Pick<AppDeps, 'db'>, slug = 'zhanaozen-list'): Promise<number> {
  return ((await deps.db('petitions').where({ slug }).first('id')) as { id: number }).id;
}

async function insert(deps: Pick<AppDeps, 'db' | 'secrets'>, petition: number, specs: readonly SignatureSpec[], state: 'pending' | 'confirmed'): Promise<string[]> {
  if (specs.length === 0) return [];
  const key = deps.secrets.encryptionKey;
  const rows = specs.map((s) => {
    const email = s.email ?? uniqueEmail();
    const confirmedAt = state === 'confirmed' ? (s.confirmedAt ?? new Date()) : null;
    return {
      petition_id: petition,
      state,
      flags: s.flags ?? [],
      email_hash: hmac(deps.secrets.lookupKey, canonicalEmail(email)!),
      email_enc: encrypt(key, email),
      name_enc: encrypt(key, s.name ?? 'Test Signer'),
      postcode_enc: s.postcode ? encrypt(key, s.postcode) : null,
      country: s.country ?? 'PL',
      public: s.public ?? false,
      updates: s.updates ?? false,
      lang: s.lang ?? 'en',
      consent_version: 'test',
      consented_at: new Date((confirmedAt ?? new Date()).getTime() - 60_000),
      created_at: new Date((confirmedAt ?? new Date()).getTime() - 60_000),
      confirmed_at: confirmedAt,
    };
  });
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = (await deps.db('signatures').insert(rows.slice(i, i + 500)).returning('id')) as { id: string }[];
    ids.push(...inserted.map((r) => String(r.id)));
  }
  const made = new Map<string, number>();
  for (const row of rows) {
    const day = row.created_at.toISOString().slice(0, 10);
    made.set(day, (made.get(day) ?? 0) + 1);
  }
  for (const [day, n] of made) {
    await deps.db.raw(
      `insert into signature_created_counts (petition_id, day, shard, n) values (?, ?::date, ?, ?)
       on conflict (petition_id, day, shard) do update set n = signature_created_counts.n + excluded.n`,
      [petition, day, serial % 16, n],
    );
  }
  if (state === 'confirmed') {
    const groups = new Map<string, { country: string; day: string; n: number }>();
    for (const row of rows) {
      const day = row.confirmed_at!.toISOString().slice(0, 10);
      const k = `${row.country}|${day}`;
      groups.set(k, { country: row.country, day, n: (groups.get(k)?.n ?? 0) + 1 });
    }
    for (const g of groups.values()) {
      await deps.db.raw(countUpsertSql('(select ?::int as petition_id, ?::text as country, ?::int as n) as one'), [`${g.day}T12:00:00Z`, serial % 16, petition, g.country, g.n]);
    }
  }
  return ids;
}

/** Confirmed, valid signatures, counted as a confirmation counts them; their ids in order. */
export const buildConfirmedSignatures = (deps: Pick<AppDeps, 'db' | 'secrets'>, petition: number, specs: readonly SignatureSpec[]) => insert(deps, petition, specs, 'confirmed');

export const buildPendingSignatures = (deps: Pick<AppDeps, 'db' | 'secrets'>, petition: number, specs: readonly SignatureSpec[]) => insert(deps, petition, specs, 'pending');

/** What moderation does to one confirmed signature: invalid, out of the counters, in the audit log. */
export async function invalidateAsModeration(deps: Pick<AppDeps, 'db'>, signatureId: string, reason: string): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const row = (await trx('signatures').where({ id: signatureId }).forUpdate().first('petition_id', 'country', 'confirmed_at', 'state', 'validity')) as { petition_id: number; country: string; confirmed_at: Date; state: string; validity: string };
    if (row.state !== 'confirmed' || row.validity !== 'valid') throw new Error('invalidateAsModeration: not a counted signature');
    await trx('signatures').where({ id: signatureId }).update({ validity: 'invalidated' });
    await trx.raw(countUpsertSql('(select ?::int as petition_id, ?::text as country, ?::int as n) as one'), [row.confirmed_at.toISOString(), 3, row.petition_id, row.country, -1]);
    await trx('audit_log').insert({ actor: 'user:1', action: 'signature.invalidated', subject: `signature:${signatureId}`, details: JSON.stringify({ petitionId: row.petition_id }), reason });
  });
}
