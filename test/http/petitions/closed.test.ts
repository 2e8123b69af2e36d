import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { sign } from '../../support/forms.ts';

describe('a closed petition', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('past its deadline: shows no form and refuses signatures with 409, storing nothing', async () => {
    await t.db('petitions').update({ deadline: new Date(Date.now() - 60_000) });
    const page = await request(t.app).get('/kk/petitions/zhanaozen-list').expect(200);
    assert.doesNotMatch(page.text, /\/signatures#sign/);
    await t.db('petitions').update({ deadline: null });
    const { openForm, signatureFields } = await import('../../support/forms.ts');
    const { agent, csrf, rendered } = await openForm(t.app, '/kk/petitions/zhanaozen-list');
    await t.db('petitions').update({ status: 'closed', closed_at: new Date() });
    const res = await agent.post('/kk/petitions/zhanaozen-list/signatures').type('form').send({ ...signatureFields({}), _csrf: csrf, rendered });
    assert.equal(res.status, 409);
    assert.match(res.text, /<html lang="kk"/);
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), 0);
    await t.db('petitions').update({ status: 'open', closed_at: null });
    assert.equal((await sign(t.app, {}, 'kk')).status, 303);
  });
});
