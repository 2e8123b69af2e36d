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

/**
 * For each MEP, the highest similarity of `signature` with a letter released to that MEP (0 when no
 * candidate shares a band), leaving out the letters in `except`.
 */
export async function highestSimilarity(db: Queryable, mepIds: readonly number[], signature: readonly number[], except: readonly string[] = []): Promise<Map<number, number>> {
  const result = new Map<number, number>(mepIds.map((id) => [id, 0]));
  if (mepIds.length === 0) return result;
  const bands = bandValues(signature);
  const meps: number[] = [];
  const bandIds: number[] = [];
  const values: number[] = [];
  for (const mepId of mepIds) {
    for (let band = 0; band < BANDS; band += 1) {
      meps.push(mepId);
      bandIds.push(band);
      values.push(bands[band]!);
    }
  }
  const rows = (await db.raw(
    `select distinct f.letter_id::text as letter_id, f.mep_id, f.minhash
       from unnest(?::int[], ?::smallint[], ?::int[]) as w(mep_id, band, value)
       join letter_fingerprint_bands b on b.mep_id = w.mep_id and b.band = w.band and b.value = w.value
       join letter_fingerprints f on f.letter_id = b.letter_id
       join letters l on l.id = f.letter_id and l.state = any(?::text[])
      where not (f.letter_id::text = any(?::text[]))`,
    [meps, bandIds, values, [...RELEASED_STATES], [...except]],
  )) as { rows: { letter_id: string; mep_id: number; minhash: number[] }[] };
  for (const row of rows.rows) result.set(row.mep_id, Math.max(result.get(row.mep_id) ?? 0, similarity(signature, row.minhash)));
  return result;
}
