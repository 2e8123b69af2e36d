// Public forms are protected by request headers alone (src/web/cross-origin.ts): a browser's cross-site
// POST is refused with 403 in the page language and changes nothing; same-origin posts, and clients
// that are not browsers, pass without any token or cookie. A `_csrf` field is still accepted and ignored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { openForm, signatureFields } from '../support/forms.ts';

const SIGN = '/pl/petitions/zhanaozen-list/signatures';

describe('cross-origin protection of public forms', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp()));
  after(() => t.close());

  const signatures = async () => Number((await t.db('signatures').count('* as n'))[0]!.n);

  const refused: [string, Record<string, string>][] = [
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'Sec-Fetch-Site': 'same-site' }],
    ['Sec-Fetch-Site: cross-site with a matching Origin', { 'Sec-Fetch-Site': 'cross-site', Origin: 'http://localhost:3000' }],
    ['no Sec-Fetch-Site, another Origin', { Origin: 'https://evil.example' }],
    ['no Sec-Fetch-Site, Origin: null', { Origin: 'null' }],
    ['no Sec-Fetch-Site, an Origin that is not a URL', { Origin: 'not a url' }],
  ];
  for (const [name, headers] of refused) {
    it(`${name}: 403 in the page language, nothing stored, no email`, async () => {
      const res = await request(t.app).post(SIGN).set(headers).type('form').send(signatureFields({ email: `refused-${Object.values(headers).join('-').replace(/\W/g, '')}@example.org` }));
      assert.equal(res.status, 403);
      assert.match(res.text, /<html lang="pl"/);
      assert.equal(await signatures(), 0);
    });
  }

  it('nothing refused sent an email', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(t.smtp.messages.length, 0);
  });

  const accepted: [string, Record<string, string>][] = [
    ['Sec-Fetch-Site: same-origin', { 'Sec-Fetch-Site': 'same-origin' }],
    ['Sec-Fetch-Site: same-origin with Origin: null', { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' }],
    ['Sec-Fetch-Site: none (typed or bookmarked)', { 'Sec-Fetch-Site': 'none' }],
    ['an older browser: no Sec-Fetch-Site, the site as Origin', { Origin: 'http://localhost:3000' }],
    ['an older browser: Origin equal to the Host header', { Origin: 'http://127.0.0.1:4321', Host: '127.0.0.1:4321' }],
    ['not a browser: neither header', {}],
  ];
  for (const [i, [name, headers]] of accepted.entries()) {
    it(`${name}: accepted without any token`, async () => {
      const { rendered } = await openForm(t.app, '/pl/petitions/zhanaozen-list');
      const res = await request(t.app).post(SIGN).set(headers).type('form').send({ ...signatureFields({ email: `accepted-${i}@example.org` }), rendered });
      assert.equal(res.status, 303);
    });
  }

  it('a posted _csrf field is ignored, whatever it holds', async () => {
    const { agent, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    await agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send({ ...signatureFields({ email: 'with-field@example.org' }), _csrf: 'anything', rendered }).expect(303);
  });

  it('the emailed-link buttons are protected the same way', async () => {
    await request(t.app).post('/en/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').set('Sec-Fetch-Site', 'cross-site').expect(403);
    await request(t.app).post('/en/withdraw/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').set('Origin', 'https://evil.example').expect(403);
  });

  it('form pages set no cookie: there is no per-visitor token to carry', async () => {
    for (const path of ['/en/petitions/zhanaozen-list', '/ru/petitions/zhanaozen-list/resend', '/kk/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await request(t.app).get(path);
      assert.equal(res.headers['set-cookie'], undefined, path);
      assert.doesNotMatch(res.text, /name="_csrf"/, path);
    }
  });
});
