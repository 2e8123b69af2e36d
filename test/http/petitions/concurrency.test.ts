// 200 people sign and confirm at the same time: the count rises by exactly 200, and each gets one email.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { linkIn } from '../../support/smtp.ts';
import { pressLinkButton, sign } from '../../support/forms.ts';

const N = 200;
const COUNTRIES = ['PL', 'KZ', 'DE', 'FR', 'LT'];

describe('concurrent signing and confirming', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp()));
  after(() => t.close());

  it(`${N} signers signing and confirming concurrently raise the count by exactly ${N}`, async () => {
    const before = (await request(t.app).get('/api/v1/petitions/zhanaozen-list').expect(200)).body;
    const signed = await Promise.all(Array.from({ length: N }, (_, i) => sign(t.app, { email: `crowd-${i}@example-${i % 7}.org`, country: COUNTRIES[i % COUNTRIES.length] })));
    assert.deepEqual([...new Set(signed.map((r) => r.status))], [303]);

    const mails = await t.smtp.waitFor(N, 60_000);
    const links = mails.map((m) => linkIn(m, /\/en\/confirm\//));
    assert.equal(new Set(links).size, N, 'one confirmation email per signer');
    const confirmed = await Promise.all(links.map((link) => pressLinkButton(t.app, link)));
    assert.deepEqual([...new Set(confirmed.map((r) => r.status))], [303]);
    // and a second, concurrent round of the same confirmations changes nothing
    await Promise.all(links.slice(0, 50).map((link) => pressLinkButton(t.app, link)));

    await new Promise((r) => setTimeout(r, 1100));
    const after = (await request(t.app).get('/api/v1/petitions/zhanaozen-list').expect(200)).body;
    assert.equal(after.signatureCount, before.signatureCount + N);
    for (const country of COUNTRIES) assert.equal(after.byCountry[country] - (before.byCountry[country] ?? 0), N / COUNTRIES.length, country);
    const rows = await t.db('signatures').where({ state: 'confirmed' }).count('* as n');
    assert.equal(Number(rows[0]!.n), after.signatureCount, 'counters agree with the rows');
    const transactions = await t.db('signatures').where({ state: 'confirmed' }).countDistinct({ n: t.db.raw('xmin::text') });
    assert.ok(Number(transactions[0]!.n) < N, 'confirmations that arrived together were written together (group commit)');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(t.smtp.messages.length, N, 'no email was sent twice');
  });

  it('one link pressed eight times at once, beside a forged link, counts once', async () => {
    const before = (await request(t.app).get('/api/v1/petitions/zhanaozen-list').expect(200)).body;
    await sign(t.app, { email: 'impatient@example.org', country: 'KZ' });
    const [mail] = await t.smtp.waitForTo('impatient@example.org', 1);
    const link = linkIn(mail!, /\/en\/confirm\//);
    const forged = link.replace(/[A-Za-z0-9_-]{43}$/, 'A'.repeat(43));
    const presses = await Promise.all([...Array.from({ length: 8 }, () => pressLinkButton(t.app, link)), pressLinkButton(t.app, forged)]);
    assert.deepEqual(presses.map((r) => r.status), [303, 303, 303, 303, 303, 303, 303, 303, 410]);
    await new Promise((r) => setTimeout(r, 1100));
    const after = (await request(t.app).get('/api/v1/petitions/zhanaozen-list').expect(200)).body;
    assert.equal(after.signatureCount, before.signatureCount + 1);
    assert.equal(after.byCountry.KZ, (before.byCountry.KZ ?? 0) + 1);
  });
});
