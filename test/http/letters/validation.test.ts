// Bad input in every field of every letter form answers 422 with the values kept and a translated
// error summary (never a 500, never an unescaped reflection); naughty strings in every text field.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { leftMep, letterBody, postLetters, sittingMeps, uniqueParagraph } from '../../support/letters.ts';

const require = createRequire(import.meta.url);
const BLNS = require('big-list-of-naughty-strings') as string[];
const FORMS = ['/en/letters/drafts', '/en/letters/send', '/en/letters/pdf'];
const [mep] = sittingMeps({ country: 'PL' });
const six = sittingMeps({ country: 'DE' }).slice(0, 6).map((m) => m.id);

interface Case {
  readonly label: string;
  readonly body: string;
  /** The field the error summary must point at. */
  readonly field: string;
  /** Something of the visitor's input the 422 page must show again. */
  readonly kept?: RegExp;
}

const CASES: Case[] = [
  { label: 'no name', body: letterBody({ name: '' }), field: 'name' },
  { label: 'a name of 101 characters', body: letterBody({ name: 'N'.repeat(101) }), field: 'name', kept: new RegExp(`value="${'N'.repeat(101)}"`) },
  { label: 'a name given twice', body: `${letterBody()}&name=Second`, field: 'name' },
  { label: 'a broken email address', body: letterBody({ email: 'anna at example' }), field: 'email', kept: /value="anna at example"/ },
  { label: 'two addresses in one', body: letterBody({ email: 'me@example.org,boss@example.org' }), field: 'email' },
  { label: 'an overlong email address', body: letterBody({ email: `${'a'.repeat(300)}@example.org` }), field: 'email' },
  { label: 'an unknown country', body: letterBody({ country: 'XX' }), field: 'country' },
  { label: 'no country', body: letterBody({ country: '' }), field: 'country' },
  { label: 'a three-letter country', body: letterBody({ country: 'POL' }), field: 'country' },
  { label: 'no MEP', body: letterBody({ meps: [] }), field: 'meps' },
  { label: 'six MEPs where five are allowed', body: letterBody({ meps: six }), field: 'meps', kept: new RegExp(`value="${six[5]}" checked`) },
  { label: '200 MEPs', body: letterBody({ meps: Array.from({ length: 200 }, (_, i) => 100000 + i) }), field: 'meps' },
  { label: 'an MEP id that does not exist', body: letterBody({ meps: [999999999] }), field: 'meps' },
  { label: 'an MEP who has left', body: letterBody({ meps: [leftMep().id] }), field: 'meps' },
  { label: 'an MEP id that is not a number', body: letterBody({ extra: [['mep', 'abc']] }), field: 'meps' },
  { label: 'a paragraph of 1,501 characters', body: letterBody({ personal: 'p'.repeat(1501) }), field: 'personal', kept: /p{1501}<\/textarea>/ },
  { label: 'a paragraph of 7,000 characters', body: letterBody({ personal: 'q'.repeat(7000) }), field: 'personal' },
  { label: 'no consent', body: letterBody({ consent: false }), field: 'consent' },
  { label: 'consent with another value', body: `${letterBody({ consent: false })}&consent=yes`, field: 'consent' },
];

describe('bad input on the letter forms', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  for (const form of FORMS) {
    for (const c of CASES) {
      it(`${form}: ${c.label} → 422 with the values kept`, async () => {
        const res = await postLetters(t.app, form, c.body);
        assert.equal(res.status, 422, res.text.slice(0, 200));
        assert.match(res.text, /<html lang="en"/);
        assert.match(res.text, new RegExp(`class="error-summary"[^]*href="#${c.field}"`), 'the summary points at the field');
        assert.equal(res.headers['cache-control'], 'private, no-store');
        if (c.kept) assert.match(res.text, c.kept);
        assert.match(res.text, /value="Anna Nowak"|value="N{101}"|value=""/);
      });
    }
  }

  it('the other values stay in the form when one is wrong', async () => {
    const personal = uniqueParagraph();
    const res = await postLetters(t.app, '/en/letters/drafts', letterBody({ email: 'bad', name: 'Łucja Żółć', country: 'KZ', meps: [mep!.id], personal, followup: true }));
    assert.equal(res.status, 422);
    assert.match(res.text, /value="Łucja Żółć"/);
    assert.match(res.text, /<option value="KZ" selected>/);
    assert.match(res.text, new RegExp(`value="${mep!.id}" checked`));
    assert.ok(res.text.includes(`>${personal}</textarea>`));
    assert.match(res.text, /id="followup" name="followup" type="checkbox" value="on" checked/);
  });

  it('other body types are refused with a 4xx, and nothing is stored', async () => {
    const json = await postLetters(t.app, '/en/letters/send', '').set('Content-Type', 'application/json').send(JSON.stringify({ name: 'x' }));
    assert.equal(json.status, 415);
    const multipart = await postLetters(t.app, '/en/letters/drafts', '').set('Content-Type', 'multipart/form-data; boundary=x').send('--x\r\n');
    assert.equal(multipart.status, 415);
    assert.equal(Number(((await t.db('letter_requests').count('* as n')) as { n: string }[])[0]!.n), 0);
  });

  for (const field of ['name', 'email', 'personal'] as const) {
    it(`naughty strings in ${field}: never a 5xx, never reflected raw`, async () => {
      for (let i = 0; i < BLNS.length; i += 8) {
        await Promise.all(
          BLNS.slice(i, i + 8).map(async (value) => {
            const res = await postLetters(t.app, '/en/letters/drafts', letterBody({ [field]: value }));
            assert.ok(res.status === 200 || res.status === 422, `${JSON.stringify(value)}: ${res.status}`);
            if (value.includes('<')) assert.equal(res.text.includes(value), false, `${JSON.stringify(value)} reflected raw`);
          }),
        );
      }
    });
  }
});
