// MinHash fingerprints of personal paragraphs, and the lookup of near-copies among the letters already
// released to the same MEPs (one indexed query over the LSH bands, then the full signatures compared).
import type { Queryable } from '../db/knex.ts';
import { RELEASED_STATES } from './letters.repo.ts';
import { BANDS, bandValues, similarity } from './similarity.ts';

export async function storeFingerprints(db: Queryable, rows: readonly { letterId: string; mepId: number; signature: readonly number[] }[]): Promise<void> {
  if (rows.length === 0) return;
  await db('letter_fingerprints').insert(rows.map((r) => ({ letter_id: r.letterId, mep_id: r.mepId, minhash: r.signature })));
  await db('letter_fingerprint_bands').insert(rows.flatMap((r) => bandValues(r.signature).map((value, band) => ({ mep_id: r.mepId, band, value, letter_id: r.letterId }))));
}

export async function dropFingerprints(db: Queryable, letterIds: readonly string[]): Promise<void> {
  if (letterIds.length === 0) return;
  await db('letter_fingerprints').whereIn('letter_id', letterIds).delete();
}

/** One request's question to highestSimilarities: its MEPs and its paragraph's signature. */
export interface SimilarityAsk {
  readonly mepIds: readonly number[];
  readonly signature: readonly number[];
}

/**
 * For each MEP, the highest similarity of `signature` with a letter released to that MEP (0 when no
 * candidate shares a band), leaving out the letters in `except`.
 */
export async function highestSimilarity(db: Queryable, mepIds: readonly number[], signature: readonly number[], except: readonly string[] = []): Promise<Map<number, number>> {
  return (await highestSimilarities(db, [{ mepIds, signature }], except))[0]!;
}

/**
 * highestSimilarity for several requests in one statement (the drafts page's group lookup,
 * eligibility.ts), leaving out the letters in `except` for all of them: the (request, MEP) pairs go as
 * two arrays and every request's band values as one flat array, BANDS to a request; one answer per
 * ask, in order. The statement is prepared once per connection (its name): planning this join cost
 * PostgreSQL ~0.8 ms a call, more than running it.
 */
export async function highestSimilarities(db: Queryable, asks: readonly SimilarityAsk[], except: readonly string[] = []): Promise<Map<number, number>[]> {
  const results = asks.map((ask) => new Map<number, number>(ask.mepIds.map((id) => [id, 0])));
  const requests: number[] = [];
  const meps: number[] = [];
  const values: number[] = [];
  asks.forEach((ask, i) => {
    for (const mepId of ask.mepIds) {
      requests.push(i);
      meps.push(mepId);
    }
    values.push(...bandValues(ask.signature));
  });
  if (meps.length === 0) return results;
  const rows = (await db
    .raw(
      `select distinct m.req, f.letter_id::text as letter_id, f.mep_id, f.minhash
         from unnest(?::int[], ?::int[]) as m(req, mep_id)
        cross join generate_series(0, ${BANDS - 1}) as g(band)
         join letter_fingerprint_bands b on b.mep_id = m.mep_id and b.band = g.band and b.value = (?::int[])[m.req * ${BANDS} + g.band + 1]
         join letter_fingerprints f on f.letter_id = b.letter_id
         join letters l on l.id = f.letter_id and l.state = any(?::text[])
        where not (f.letter_id::text = any(?::text[]))`,
      [requests, meps, values, [...RELEASED_STATES], [...except]],
    )
    .options({ name: 'letters-highest-similarities' })) as { rows: { req: number; letter_id: string; mep_id: number; minhash: number[] }[] };
  for (const row of rows.rows) {
    const result = results[row.req]!;
    result.set(row.mep_id, Math.max(result.get(row.mep_id) ?? 0, similarity(asks[row.req]!.signature, row.minhash)));
  }
  return results;
}
