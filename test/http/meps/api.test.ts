// GET /api/v1/meps: sitting MEPs only, filtered by country, body and group; cacheable by shared caches;
// bad filters are a 400 in JSON, never a 500.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';

interface ApiMep {
  id: number;
  fullName: string;
  country: string;
  group: string;
  committees: string[] | null;
  delegations: string[] | null;
}

const DATA = JSON.parse(fs.readFileSync('content/data/meps.json', 'utf8')) as { id: number; country: string; group: string; active: boolean; committees: string[] | null; delegations: string[] | null }[];

describe('GET /api/v1/meps', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('lists the 719 sitting MEPs, none of the 24 who left, with the contract fields only', async () => {
    const res = await request(t.app).get('/api/v1/meps').expect(200);
    const meps = res.body as ApiMep[];
    assert.equal(meps.length, 719);
    const left = new Set(DATA.filter((m) => !m.active).map((m) => m.id));
    assert.equal(left.size, 24);
    assert.equal(meps.filter((m) => left.has(m.id)).length, 0);
    assert.deepEqual(Object.keys(meps[0]!).sort(), ['committees', 'country', 'delegations', 'fullName', 'group', 'id']);
    assert.doesNotMatch(res.text, /europarl\.europa\.eu/, 'no e-mail addresses are published');
  });

  it('country=PL gives Poland’s 53 sitting MEPs only', async () => {
    const meps = (await request(t.app).get('/api/v1/meps?country=PL').expect(200)).body as ApiMep[];
    const expected = DATA.filter((m) => m.active && m.country === 'PL').map((m) => m.id).sort();
    assert.equal(meps.length, 53);
    assert.deepEqual(meps.map((m) => m.id).sort(), expected);
    assert.ok(meps.every((m) => m.country === 'PL'));
  });

  it('body=AFET gives the committee’s sitting members and substitutes (156)', async () => {
    const meps = (await request(t.app).get('/api/v1/meps?body=AFET').expect(200)).body as ApiMep[];
    assert.equal(meps.length, 156);
    assert.ok(meps.every((m) => m.committees?.includes('AFET')));
    const dcas = (await request(t.app).get('/api/v1/meps?body=DCAS').expect(200)).body as ApiMep[];
    assert.equal(dcas.length, 35);
    assert.ok(dcas.every((m) => m.delegations?.includes('DCAS')));
  });

  it('filters combine: country, body and group', async () => {
    const meps = (await request(t.app).get('/api/v1/meps?country=PL&body=AFET&group=EPP').expect(200)).body as ApiMep[];
    const expected = DATA.filter((m) => m.active && m.country === 'PL' && m.group === 'EPP' && (m.committees ?? []).includes('AFET'));
    assert.ok(expected.length > 0);
    assert.deepEqual(meps.map((m) => m.id).sort(), expected.map((m) => m.id).sort());
    const greens = (await request(t.app).get(`/api/v1/meps?group=${encodeURIComponent('Greens/EFA')}`).expect(200)).body as ApiMep[];
    assert.equal(greens.length, 53);
  });

  it('lower-case codes are read as upper case; a country without MEPs gives an empty list', async () => {
    assert.equal(((await request(t.app).get('/api/v1/meps?country=pl').expect(200)).body as ApiMep[]).length, 53);
    assert.deepEqual((await request(t.app).get('/api/v1/meps?country=KZ').expect(200)).body, []);
    assert.deepEqual((await request(t.app).get('/api/v1/meps?body=ZZZZ').expect(200)).body, []);
  });

  it('is public for shared caches, with a validator and CORS; answers 304 on revalidation', async () => {
    const res = await request(t.app).get('/api/v1/meps?country=PL').expect(200);
    assert.equal(res.headers['cache-control'], 'public, max-age=0, s-maxage=2, stale-while-revalidate=3');
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(String(res.headers.etag), /^W\//);
    await request(t.app).get('/api/v1/meps?country=PL').set('If-None-Match', String(res.headers.etag)).expect(304);
  });

  it('bad filter values are a 400 in JSON', async () => {
    for (const query of ['country=POL', 'country=P1', 'body=%3Cscript%3E', 'group=%27%3B--', `body=${'A'.repeat(40)}`]) {
      const res = await request(t.app).get(`/api/v1/meps?${query}`);
      assert.equal(res.status, 400, query);
      assert.match(String(res.headers['content-type']), /json/);
    }
  });
});
