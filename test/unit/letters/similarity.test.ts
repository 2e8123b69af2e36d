// Near-copy detection: the figures behind NEAR_COPY_THRESHOLD (printed), and the MinHash estimate
// agreeing with the exact Jaccard similarity of the shingle sets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BANDS, bandValues, exactSimilarity, isPersonalEnough, minhash, NEAR_COPY_THRESHOLD, similarity, words } from '../../../src/letters/similarity.ts';

const ORIGINAL =
  'I grew up in Almaty and moved to Kraków to study. My cousin worked in the oil fields of Mangystau and still does not speak about December 2011. ' +
  'I am asking you, as my representative, to make sure that the Parliament does not treat the agreement with Kazakhstan as business as usual while people ' +
  'who protested peacefully are still punished, and to say so in the Cooperation Council.';
// Three words changed: what offices call a copy.
const NEAR_COPY = ORIGINAL.replace('Almaty', 'Shymkent').replace('Kraków', 'Warsaw').replace('cousin', 'uncle');
// The same paragraph with different punctuation, case and spacing: still a copy.
const REPUNCTUATED = ORIGINAL.toUpperCase().replace(/[.,]/g, ' ;  ').replace(/ /g, '  ');
// The same theme and key phrases, in the sender's own words.
const OWN_WORDS =
  'My family comes from Mangystau, and since December 2011 nobody there talks openly about what happened in Zhanaozen. I now live in Poland and vote here. ' +
  'Please do not let the agreement with Kazakhstan go ahead as if nothing had happened: ask in the Cooperation Council about people punished for protesting peacefully.';
const UNRELATED = 'Thank you for your work on the trade committee last year. I read your report on supply chains with great interest and would like to know how you will follow it up.';

describe('similarity of personal paragraphs', () => {
  it('the figures: copies score above the threshold, own words far below', () => {
    const rows = [
      ['identical', ORIGINAL],
      ['three words changed', NEAR_COPY],
      ['punctuation, case, spacing', REPUNCTUATED],
      ['same theme, own words', OWN_WORDS],
      ['unrelated', UNRELATED],
    ] as const;
    const base = minhash(ORIGINAL);
    const figures = rows.map(([label, text]) => ({ label, exact: exactSimilarity(ORIGINAL, text), estimate: similarity(base, minhash(text)) }));
    console.log(`near-copy threshold ${NEAR_COPY_THRESHOLD}; ${words(ORIGINAL).length} words: ${figures.map((f) => `${f.label}: exact ${f.exact.toFixed(2)}, MinHash ${f.estimate.toFixed(2)}`).join('; ')}`);
    const [identical, near, repunctuated, own, unrelated] = figures;
    assert.equal(identical!.estimate, 1);
    assert.equal(repunctuated!.estimate, 1);
    assert.ok(near!.exact >= NEAR_COPY_THRESHOLD && near!.estimate >= NEAR_COPY_THRESHOLD, `near copy: ${near!.exact}`);
    assert.ok(own!.exact < 0.2 && own!.estimate < NEAR_COPY_THRESHOLD, `own words: ${own!.exact}`);
    assert.ok(unrelated!.estimate < 0.1);
  });

  it('the MinHash estimate is within 0.15 of the exact similarity over many pairs', () => {
    const vocabulary = words(`${ORIGINAL} ${OWN_WORDS} ${UNRELATED}`);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let pair = 0; pair < 40; pair += 1) {
      const a = Array.from({ length: 50 }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
      const b = a.map((w) => (random() < pair / 40 ? vocabulary[Math.floor(random() * vocabulary.length)]! : w));
      const exact = exactSimilarity(a.join(' '), b.join(' '));
      const estimate = similarity(minhash(a.join(' ')), minhash(b.join(' ')));
      assert.ok(Math.abs(exact - estimate) < 0.15, `pair ${pair}: exact ${exact}, estimate ${estimate}`);
    }
  });

  it('near copies share at least one LSH band; unrelated texts share none', () => {
    const shared = (x: string, y: string) => {
      const a = bandValues(minhash(x));
      const b = bandValues(minhash(y));
      return a.filter((v, i) => b[i] === v).length;
    };
    assert.equal(bandValues(minhash(ORIGINAL)).length, BANDS);
    assert.ok(shared(ORIGINAL, NEAR_COPY) >= 1);
    assert.equal(shared(ORIGINAL, UNRELATED), 0);
  });

  it('signatures are 32-bit signed integers (PostgreSQL integer[]) and the same on every run', () => {
    const signature = minhash(ORIGINAL);
    assert.ok(signature.every((v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31));
    assert.deepEqual(minhash(ORIGINAL), signature);
  });

  it('Cyrillic and Kazakh letters count as words; a short paragraph is not personal enough', () => {
    assert.deepEqual(words('Құрметті депутат, «Жаңаөзен» — 2011!'), ['құрметті', 'депутат', 'жаңаөзен', '2011']);
    assert.equal(isPersonalEnough('Please act.'), false);
    assert.equal(isPersonalEnough(OWN_WORDS), true);
  });
});
