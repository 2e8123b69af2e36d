import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { addToCount } from '../../../src/petitions/counts.repo.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';

describe('GET /api/v1/petitions/{slug}', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('returns the contract shape with CORS and a short cache', async () => {
    const res = await request(t.app).get('/api/v1/petitions/zhanaozen-list').set('Origin', 'https://partner.example').expect(200);
    assert.deepEqual(Object.keys(res.body).sort(), ['byCountry', 'goal', 'signatureCount', 'slug', 'updatedAt']);
    assert.equal(res.body.slug, 'zhanaozen-list');
    assert.equal(res.body.goal, 10000);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(String(res.headers['cache-control']), /^public, max-age=0, s-maxage=2, stale-while-revalidate=3$/);
    assert.ok(res.headers.etag);
    await request(t.app).options('/api/v1/petitions/zhanaozen-list').expect(204);
  });

  it('answers 304 to a matching ETag', async () => {
    const first = await request(t.app).get('/api/v1/petitions/zhanaozen-list').expect(200);
    await request(t.app).get('/api/v1/petitions/zhanaozen-list').set('If-None-Match', String(first.headers.etag)).expect(304);
  });

  it('sums the sharded counters by country (confirmed only)', async () => {
    const petition = await t.db('petitions').where({ slug: 'zhanaozen-list' }).first('id');
    const day = new Date('2026-11-20T10:00:00Z');
    for (let i = 0; i < 30; i += 1) await addToCount(t.db, petition.id, i % 3 === 0 ? 'PL' : 'KZ', day, 1);
    await addToCount(t.db, petition.id, 'KZ', day, -1);
    await new Promise((r) => setTimeout(r, 1100));
    const res = await request(t.app).get('/api/v1/petitions/zhanaozen-list').expect(200);
    assert.equal(res.body.signatureCount, 29);
    assert.deepEqual(res.body.byCountry, { KZ: 19, PL: 10 });
    assert.match(res.body.updatedAt, /^\d{4}-\d\d-\d\dT/);
    const shards = await t.db('signature_counts').where({ petition_id: petition.id }).count('* as n');
    assert.ok(Number(shards[0]!.n) > 2, 'spread over several shard rows');
  });
});
