// Broken encodings, oversized bodies, repeated fields and odd methods get a clear 4xx, never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { openForm, signatureFields } from '../support/forms.ts';

describe('bad requests', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('malformed percent-encoding in a path is a 4xx', async () => {
    const res = await request(t.app).get('/en/petitions/%E0%A4%A');
    assert.ok(res.status >= 400 && res.status < 500, String(res.status));
  });

  it('a body over the limit answers 413 in the page language', async () => {
    const { agent } = await openForm(t.app, '/ru/petitions/zhanaozen-list');
    const res = await agent.post('/ru/petitions/zhanaozen-list/signatures').type('form').send({ name: 'x'.repeat(40_000) });
    assert.equal(res.status, 413);
    assert.match(res.text, /<html lang="ru"/);
  });

  it('an unsupported charset is a 4xx', async () => {
    const res = await request(t.app).post('/en/petitions/zhanaozen-list/signatures').set('Content-Type', 'application/x-www-form-urlencoded; charset=klingon').send('name=x');
    assert.ok(res.status >= 400 && res.status < 500, String(res.status));
  });

  it('repeated fields get a 422 with messages, not a 500', async () => {
    const { agent } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    const fields = new URLSearchParams({ ...signatureFields({}) });
    fields.append('email', 'second@example.org');
    fields.append('country', 'DE');
    const res = await agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send(fields.toString()).expect(422);
    assert.match(res.text, /error-summary/);
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), 0);
  });

  it('invalid UTF-8 in a form body is not a 500', async () => {
    const { agent } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    const res = await agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send(`name=%C3%28%FF&email=a%C0%80@example.org&country=PL&consent=on`);
    assert.ok(res.status < 500, String(res.status));
  });

  it('an unknown petition or a hostile slug is a 404', async () => {
    await request(t.app).get('/en/petitions/nope').expect(404);
    await request(t.app).get('/en/petitions/..%2F..%2Fetc').expect(404);
    await request(t.app).get('/api/v1/petitions/nope').expect(404);
  });
});
