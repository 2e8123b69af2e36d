// MinHash fingerprints of personal paragraphs, and the lookup of near-copies among the letters already
// released to the same MEPs (one indexed query over the LSH bands, then the full signatures compared).
import type { Queryable } from '../db/knex.ts';
import { RELEASED_STATES } from './letters.repo.ts';
import { bandValues, similarity } from './similarity.ts';

export async function storeFingerprints(db: Queryable, rows: readonly { letterId: string; mepId: number; signature: readonly number[] }[]): Promise<void> {
  if (rows.length === 0) return;
  await db('letter_fingerprints').insert(rows.map((r) => ({ letter_id: r.letterId, mep_id: r.mepId, minhash: r.signature })));
  await db('letter_fingerprint_bands').insert(rows.flatMap((r) => bandValues(r.signature).map((value, band) => ({ mep_id: r.mepId, band, value, letter_id: r.letterId }))));
}

export async function dropFingerprints(db: Queryable, letterIds: readonly string[]): Promise<void> {
  if (letterIds.length === 0) return;
  await db('letter_fingerprints').whereIn('letter_id', letterIds).delete();
}

/**
 * For each MEP, the highest similarity of `signature` with a letter released to that MEP (0 when no
 * candidate shares a band), leaving out the letters in `except`.
 */
export async function highestSimilarity(db: Queryable, mepIds: readonly number[], signature: readonly number[], except: readonly string[] = []): Promise<Map<number, number>> {
  const result = new Map<number, number>(mepIds.map((id) => [id, 0]));
  if (mepIds.length === 0) return result;
  // The MEPs and the band values go once each (the pairs are their cross product, band = ordinality - 1),
  // and the statement is prepared once per connection (its name): planning this join cost PostgreSQL
  // ~0.8 ms a call, more than running it, and the drafts page asks it on every request.
  const rows = (await db
    .raw(
      `select distinct f.letter_id::text as letter_id, f.mep_id, f.minhash
         from unnest(?::int[]) as m(mep_id)
        cross join unnest(?::int[]) with ordinality as v(value, n)
         join letter_fingerprint_bands b on b.mep_id = m.mep_id and b.band = v.n - 1 and b.value = v.value
         join letter_fingerprints f on f.letter_id = b.letter_id
         join letters l on l.id = f.letter_id and l.state = any(?::text[])
        where not (f.letter_id::text = any(?::text[]))`,
      [[...mepIds], bandValues(signature), [...RELEASED_STATES], [...except]],
    )
    .options({ name: 'letters-highest-similarity' })) as { rows: { letter_id: string; mep_id: number; minhash: number[] }[] };
  for (const row of rows.rows) result.set(row.mep_id, Math.max(result.get(row.mep_id) ?? 0, similarity(signature, row.minhash)));
  return result;
}
