// Near-copy detection for personal paragraphs: word 3-shingles, a 128-value MinHash signature, and
// LSH bands (32 bands of 4 values) so the letters to an MEP that may be similar are found by an index
// lookup. A personal paragraph whose estimated Jaccard similarity with another letter to the same MEP
// is NEAR_COPY_THRESHOLD or more is not sent by the platform (the sender may still send it themselves).
//
// Why 0.6 on word 3-shingles: a 60-word paragraph with 3 words changed keeps about 0.7 (a near-copy);
// one rewritten in the sender's own words, even on the same theme with the same key phrases, stays
// under 0.2 (test/unit/letters/similarity.test.ts measures both). With 32×4 bands, a pair at 0.6 is
// a candidate with probability 1 − (1 − 0.6⁴)³² ≈ 0.99, at 0.7 ≈ 0.9998; each candidate is then
// checked on the full signature (standard error √(J(1−J)/128) ≈ 0.043 at J = 0.6).
export const SHINGLE_WORDS = 3;
export const SIGNATURE_SIZE = 128;
export const BANDS = 32;
export const ROWS_PER_BAND = SIGNATURE_SIZE / BANDS;
export const NEAR_COPY_THRESHOLD = 0.6;
/** Shorter paragraphs are not personal enough to send through the platform (and MinHash says little about them). */
export const MIN_PERSONAL_WORDS = 12;

/** Words of a text: NFKC, lower case, letters and digits only (so punctuation and spacing tricks do not matter). */
export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter((w) => w !== '');
}

export function shingles(list: readonly string[], k = SHINGLE_WORDS): Set<string> {
  const out = new Set<string>();
  if (list.length === 0) return out;
  if (list.length < k) out.add(list.join(' '));
  for (let i = 0; i + k <= list.length; i += 1) out.add(list.slice(i, i + k).join(' '));
  return out;
}

/** 32-bit FNV-1a of a string's UTF-16 units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: a good 32-bit mixer. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Fixed seeds (from a fixed xorshift sequence): signatures must be comparable across versions and instances.
const SEEDS: readonly number[] = (() => {
  const seeds: number[] = [];
  let s = 0x9e3779b9;
  for (let i = 0; i < SIGNATURE_SIZE; i += 1) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    seeds.push(s >>> 0);
  }
  return seeds;
})();

/** The MinHash signature of a text (signed 32-bit values, as PostgreSQL integer[] stores them). */
export function minhash(text: string): number[] {
  const hashes = [...shingles(words(text))].map(fnv1a);
  const signature = new Array<number>(SIGNATURE_SIZE).fill(0xffffffff);
  for (const h of hashes) {
    for (let i = 0; i < SIGNATURE_SIZE; i += 1) {
      const v = fmix32(h ^ SEEDS[i]!);
      if (v < signature[i]!) signature[i] = v;
    }
  }
  return signature.map((v) => v | 0);
}

/** The estimated Jaccard similarity of two signatures: the share of equal values. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i += 1) if (a[i] === b[i]) same += 1;
  return same / SIGNATURE_SIZE;
}

/** One hash per band of ROWS_PER_BAND values: two signatures sharing a band value are candidates. */
export function bandValues(signature: readonly number[]): number[] {
  const bands: number[] = [];
  for (let b = 0; b < BANDS; b += 1) {
    let h = fmix32(b + 1);
    for (let r = 0; r < ROWS_PER_BAND; r += 1) h = fmix32(h ^ (signature[b * ROWS_PER_BAND + r]! >>> 0));
    bands.push(h | 0);
  }
  return bands;
}

/** The exact Jaccard similarity of two texts' shingle sets (for tests and figures). */
export function exactSimilarity(a: string, b: string): number {
  const sa = shingles(words(a));
  const sb = shingles(words(b));
  let both = 0;
  for (const s of sa) if (sb.has(s)) both += 1;
  const union = sa.size + sb.size - both;
  return union === 0 ? 1 : both / union;
}

export const isPersonalEnough = (text: string): boolean => words(text).length >= MIN_PERSONAL_WORDS;
