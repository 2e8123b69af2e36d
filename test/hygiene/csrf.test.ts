// State-changing requests need the CSRF token and a same-origin request; nothing happens without them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { openForm, signatureFields } from '../support/forms.ts';

describe('CSRF', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp()));
  after(() => t.close());

  it('a signature without a token is refused with 403, in the page language, and sends no email', async () => {
    const res = await request(t.app).post('/pl/petitions/zhanaozen-list/signatures').type('form').send(signatureFields({ email: 'nocsrf@example.org' })).expect(403);
    assert.match(res.text, /<html lang="pl"/);
    const { agent } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    await agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send({ ...signatureFields({ email: 'nocsrf2@example.org' }), _csrf: 'forged' }).expect(403);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(t.smtp.messages.length, 0);
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), 0);
  });

  it('a token from one browser does not work with another browser cookie', async () => {
    const first = await openForm(t.app, '/en/petitions/zhanaozen-list');
    const second = await openForm(t.app, '/en/petitions/zhanaozen-list');
    await second.agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send({ ...signatureFields({}), _csrf: first.csrf.slice(0, 10) + 'x' + first.csrf.slice(11) }).expect(403);
  });

  it('a cross-site request is refused even with a valid token', async () => {
    const { agent, csrf } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    await agent.post('/en/petitions/zhanaozen-list/signatures').set('Sec-Fetch-Site', 'cross-site').type('form').send({ ...signatureFields({}), _csrf: csrf }).expect(403);
    await agent.post('/en/petitions/zhanaozen-list/signatures').set('Origin', 'https://evil.example').type('form').send({ ...signatureFields({}), _csrf: csrf }).expect(403);
  });
});

describe('CSRF with a browser behind Referrer-Policy: no-referrer', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('accepts the Origin: null that browsers send on same-origin posts', async () => {
    const { agent, csrf, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    const res = await agent.post('/en/petitions/zhanaozen-list/signatures').set('Origin', 'null').set('Sec-Fetch-Site', 'same-origin').type('form').send({ ...signatureFields({}), _csrf: csrf, rendered });
    assert.equal(res.status, 303);
  });
});
