// A petition closed by an organiser or past its deadline takes no signatures. Petitions are cached
// for five seconds per instance, so each change is observed through a fresh instance.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { openForm, sign, signatureFields } from '../../support/forms.ts';

describe('a closed petition', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('past its deadline shows no form', async () => {
    await t.db('petitions').update({ deadline: new Date(Date.now() - 60_000) });
    const late = await t.instance({ workers: false });
    const page = await request(late.app).get('/kk/petitions/zhanaozen-list').expect(200);
    assert.doesNotMatch(page.text, /\/signatures#sign/);
    await t.db('petitions').update({ deadline: null });
  });

  it('closed by an organiser: refuses a signature with 409 and stores nothing', async () => {
    const { rendered } = await openForm(t.app, '/kk/petitions/zhanaozen-list');
    await t.db('petitions').update({ status: 'closed', closed_at: new Date() });
    const closed = await t.instance({ workers: false });
    const res = await request(closed.app).post('/kk/petitions/zhanaozen-list/signatures').set('Sec-Fetch-Site', 'same-origin').type('form').send({ ...signatureFields({}), rendered });
    assert.equal(res.status, 409);
    assert.match(res.text, /<html lang="kk"/);
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), 0);

    await t.db('petitions').update({ status: 'open', closed_at: null });
    const reopened = await t.instance({ workers: false });
    assert.equal((await sign(reopened.app, {}, 'kk')).status, 303);
  });
});
