// The other public forms and the JSON endpoint under naughty strings, wrong content types and broken
// multipart: never a 500, never an unescaped reflection, nothing stored from a rejected request.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { openForm, signatureFields } from '../support/forms.ts';

const require = createRequire(import.meta.url);
const BLNS = require('big-list-of-naughty-strings') as string[];

describe('bad input on the other endpoints', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('the resend form: every naughty string gives a 303 or a 422 that does not reflect it raw', async () => {
    const { agent } = await openForm(t.app, '/ru/petitions/zhanaozen-list/resend');
    for (let i = 0; i < BLNS.length; i += 8) {
      await Promise.all(
        BLNS.slice(i, i + 8).map(async (value) => {
          const res = await agent.post('/ru/petitions/zhanaozen-list/resend').type('form').send({ email: value });
          assert.ok(res.status === 303 || res.status === 422, `${JSON.stringify(value)}: ${res.status}`);
          if (value.includes('<')) assert.equal(res.text.includes(value), false);
        }),
      );
    }
  });

  it('the API and the link pages: naughty slugs and tokens are 404 or 410, never 500', async () => {
    const { agent } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    for (const value of BLNS.slice(0, 200)) {
      const segment = encodeURIComponent(value);
      const api = await request(t.app).get(`/api/v1/petitions/${segment}`);
      assert.ok(api.status === 404 || api.status === 400, `api ${JSON.stringify(value)}: ${api.status}`);
      assert.match(String(api.headers['content-type']), /json/);
      const confirm = await agent.post(`/en/confirm/${segment}`).type('form').send({});
      assert.ok([400, 404, 410].includes(confirm.status), `confirm ${JSON.stringify(value)}: ${confirm.status}`);
    }
  });

  it('JSON, multipart and broken multipart bodies sent to the signing form are refused with a 4xx', async () => {
    const { agent } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    const json = await agent.post('/en/petitions/zhanaozen-list/signatures').send({ ...signatureFields({}) });
    assert.equal(json.status, 415, 'a form takes form bodies only');
    assert.match(json.text, /<html lang="en"/);
    const multipart = await agent.post('/en/petitions/zhanaozen-list/signatures').field('_csrf', 'ignored').field('name', 'M');
    assert.equal(multipart.status, 415);
    const broken = await agent.post('/en/petitions/zhanaozen-list/signatures').set('Content-Type', 'multipart/form-data; boundary=xyz').send('--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n');
    assert.ok(broken.status >= 400 && broken.status < 500, String(broken.status));
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), 0);
  });

  it('wrong types: arrays and nested objects in place of text fields are a 422', async () => {
    const { agent, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    const res = await agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send(`rendered=${rendered}&name[a]=1&email[]=x&country[0]=PL&consent=on`);
    assert.equal(res.status, 422);
  });
});
