// What a shared cache (CDN, Varnish, nginx) may keep: every public page and API answer is the same for
// everyone (public, s-maxage, a validator, no Set-Cookie); whatever is about one visitor is never kept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { openForm, signatureFields } from '../support/forms.ts';

const PUBLIC = ['/en/', '/ru/', '/kk/', '/pl/', '/en/petitions/zhanaozen-list', '/kk/petitions/zhanaozen-list', '/pl/privacy', '/ru/withdrawn', '/api/v1/petitions/zhanaozen-list', '/embed/ru/petitions/zhanaozen-list', '/api/v1/petitions/zhanaozen-list/badge.svg?lang=kk'];
const PER_VISITOR = ['/', '/en/petitions/zhanaozen-list/check-email', '/en/petitions/zhanaozen-list/thank-you', '/ru/petitions/zhanaozen-list/resend', '/kk/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/pl/withdraw/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/language/pl?next=%2F', '/en/no-such-page', '/healthz', '/embed/pl/petitions/zhanaozen-list/check-email'];

describe('caching', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  for (const path of PUBLIC) {
    it(`${path}: public for shared caches, with a validator, no cookie, and a 304 on revalidation`, async () => {
      const res = await request(t.app).get(path).expect(200);
      assert.equal(res.headers['cache-control'], 'public, max-age=0, s-maxage=2, stale-while-revalidate=3');
      assert.equal(res.headers['set-cookie'], undefined);
      assert.match(String(res.headers.etag), /^W\/"/);
      assert.doesNotMatch(String(res.headers.vary ?? ''), /cookie|accept-language/i, 'the URL alone decides the page');
      await request(t.app).get(path).set('If-None-Match', String(res.headers.etag)).expect(304);
    });
  }

  it('a public page is the same whatever cookie or language header the visitor sends', async () => {
    const plain = await request(t.app).get('/pl/privacy');
    const other = await request(t.app).get('/pl/privacy').set('Cookie', 'lang=kk; other=1').set('Accept-Language', 'ru');
    assert.equal(other.text, plain.text);
    assert.equal(other.headers['set-cookie'], undefined);
  });

  for (const path of PER_VISITOR) {
    it(`${path}: never kept (private, no-store)`, async () => {
      const res = await request(t.app).get(path);
      assert.equal(res.headers['cache-control'], 'private, no-store', `${path} answered ${res.status}`);
    });
  }

  it('GET / says it varies on the cookie and the language header', async () => {
    const res = await request(t.app).get('/').expect(302);
    assert.match(String(res.headers.vary), /Accept-Language/);
    assert.match(String(res.headers.vary), /Cookie/);
  });

  it('the 422 form with the visitor’s values is never kept', async () => {
    const { agent, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    const res = await agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send({ ...signatureFields({ email: 'not-an-address' }), rendered }).expect(422);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.equal(res.headers['set-cookie'], undefined);
  });

  it('the petition page ETag changes when its content does (a new count), not with the render time', async () => {
    const first = await request(t.app).get('/en/petitions/zhanaozen-list').expect(200);
    await new Promise((r) => setTimeout(r, 1100)); // the rendered page is kept for one second
    const same = await request(t.app).get('/en/petitions/zhanaozen-list').expect(200);
    assert.equal(same.headers.etag, first.headers.etag);
    const petition = await t.db('petitions').first<{ id: number }>('id');
    await t.db('signature_counts').insert({ petition_id: petition.id, country: 'PL', day: '2026-12-01', shard: 0, n: 7 });
    await new Promise((r) => setTimeout(r, 1100));
    const changed = await request(t.app).get('/en/petitions/zhanaozen-list').expect(200);
    assert.notEqual(changed.headers.etag, first.headers.etag);
  });
});
