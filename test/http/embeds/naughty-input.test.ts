// The embed form's 422 puts the typed values back: every string of the big list of naughty strings (and
// a polyglot) in each of its text fields comes back escaped, never a 5xx, never a cookie.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { EMBED } from './support.ts';

const require = createRequire(import.meta.url);
const BLNS = require('big-list-of-naughty-strings') as string[];
const POLYGLOT = "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e";
const INPUTS = [...BLNS, POLYGLOT, 'x'.repeat(5000)];

describe('naughty input in the embed form', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  for (const field of ['name', 'email', 'postcode', 'country'] as const) {
    it(`${field}: 422 (consent left out), escaped, no 5xx, nothing stored`, async () => {
      const post = async (value: string, i: number) => {
        const res = await request(t.app).post(`${EMBED}/signatures`).set('Sec-Fetch-Site', 'same-origin').type('form').send({ name: 'N', email: `n${i}@example.org`, country: 'PL', [field]: value });
        assert.equal(res.status, 422, `${field} #${i}`);
        assert.equal(res.headers['set-cookie'], undefined);
        if (value.includes('<')) assert.equal(res.text.includes(value), false, `${field} #${i} reflected raw`);
      };
      for (let i = 0; i < INPUTS.length; i += 8) await Promise.all(INPUTS.slice(i, i + 8).map((value, j) => post(value, i + j)));
    });
  }

  it('stored nothing', async () => {
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), 0);
  });
});
