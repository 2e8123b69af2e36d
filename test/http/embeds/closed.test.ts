// The embed of a closed petition: the count and a notice instead of the form; a form sent after it
// closed answers 409 in the frame (framable by the partners) and stores nothing. Petitions are cached for
// five seconds per instance, so each change is observed through a fresh instance.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { EMBED, frameAncestorsOf, setPartners } from './support.ts';

const PARTNER = 'https://partner.example.org';

describe('the embed of a closed petition', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ workers: false });
    await setPartners(t.deps, [PARTNER]);
  });
  after(() => t.close());

  it('shows the count and a notice, no form; a late form is refused with 409, framable, nothing stored', async () => {
    await t.db('petitions').update({ status: 'closed', closed_at: new Date() });
    const closed = await t.instance({ workers: false });
    const page = await request(closed.app).get('/embed/kk/petitions/zhanaozen-list').expect(200);
    assert.doesNotMatch(page.text, /<form/);
    assert.match(page.text, /class="embed__notice"/);
    assert.match(page.text, /<progress/);
    assert.equal(frameAncestorsOf(page.headers), PARTNER);

    const res = await request(closed.app).post(`${EMBED}/signatures`).set('Sec-Fetch-Site', 'same-origin').type('form').send({ name: 'Late', email: 'late@example.org', country: 'PL', consent: 'on' });
    assert.equal(res.status, 409);
    assert.equal(frameAncestorsOf(res.headers), PARTNER);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.match(res.text, /class="embed__notice"/);
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), 0);
    await t.db('petitions').update({ status: 'open', closed_at: null });
  });
});
