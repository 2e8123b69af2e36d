// The donate pages' hygiene: naughty strings in every field (never a 500, never reflected unescaped),
// what shared caches may keep (the form and the cancel page) and what they may not (the success page,
// the stop link, a 422), the way to donate from the petition's thank-you page, and what the daily
// retention job erases.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { applyDonationRetention } from '../../../src/donations/apply-retention.ts';
import { createDonationDeps } from '../../../src/donations/index.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { event, newId, sessionObject, signed, startStripeDouble, type StripeDouble } from '../../support/stripe.ts';

const require = createRequire(import.meta.url);
const BLNS = require('big-list-of-naughty-strings') as string[];
const POLYGLOT = "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e";
const INPUTS = [...BLNS, POLYGLOT, 'x'.repeat(5000)];
const PUBLIC = 'public, max-age=0, s-maxage=2, stale-while-revalidate=3';

describe('donations: hygiene', () => {
  let stripe: StripeDouble;
  let t: TestApp;
  before(async () => {
    stripe = await startStripeDouble();
    t = await buildTestApp({ workers: false, env: stripe.env() });
  });
  after(async () => {
    await t.close();
    await stripe.close();
  });

  for (const field of ['amount', 'custom', 'currency', 'frequency'] as const) {
    it(`naughty strings in ${field}: 303 or 422, never a 500 or a raw reflection`, async () => {
      let tried = 0;
      const post = async (value: string, i: number) => {
        const fields: Record<string, string> = { amount: 'other', custom: '25', currency: 'EUR', frequency: 'once', [field]: value };
        const res = await request(t.app).post('/ru/donate').set('Sec-Fetch-Site', 'same-origin').type('form').send(fields);
        tried += 1;
        assert.ok(res.status === 303 || res.status === 422 || res.status === 413, `${field} #${i}: status ${res.status}`);
        if (value.includes('<') && res.status === 422) assert.equal(res.text.includes(value), false, `${field} #${i} reflected raw`);
      };
      for (let i = 0; i < INPUTS.length; i += 8) await Promise.all(INPUTS.slice(i, i + 8).map((value, j) => post(value, i + j)));
      assert.equal(tried, INPUTS.length);
    });
  }

  it('the form and the cancel page: public, a validator, a 304, no cookie; the same whatever the visitor sends', async () => {
    for (const path of ['/en/donate', '/pl/donate?currency=USD', '/kk/donate/cancelled']) {
      const res = await request(t.app).get(path).expect(200);
      assert.equal(res.headers['cache-control'], PUBLIC, path);
      assert.equal(res.headers['set-cookie'], undefined);
      assert.match(String(res.headers.etag), /^W\//);
      await request(t.app).get(path).set('If-None-Match', String(res.headers.etag)).expect(304);
      const other = await request(t.app).get(path).set('Cookie', 'lang=ru; x=1').set('Accept-Language', 'kk');
      assert.equal(other.text, res.text);
    }
  });

  it('the success page, the stop link and a 422 are never kept', async () => {
    for (const path of ['/en/donate/thanks', '/en/donate/thanks?session_id=cs_test_abcdefghij', `/en/donate/stop/${'A'.repeat(43)}`]) {
      assert.equal((await request(t.app).get(path)).headers['cache-control'], 'private, no-store', path);
    }
    const invalid = await request(t.app).post('/en/donate').set('Sec-Fetch-Site', 'same-origin').type('form').send({ amount: 'other', custom: 'x', currency: 'EUR' }).expect(422);
    assert.equal(invalid.headers['cache-control'], 'private, no-store');
  });

  it('the petition’s thank-you page and the campaign home lead to donating', async () => {
    const thanks = await request(t.app).get('/pl/petitions/zhanaozen-list/thank-you').expect(200);
    assert.match(thanks.text, /href="\/pl\/donate"/);
    assert.match(thanks.text, /Przekaż darowiznę/);
    const home = await request(t.app).get('/kk/').expect(200);
    assert.match(home.text, /class="act-card donate-card"/);
    assert.match(home.text, /href="\/kk\/donate"/);
  });

  it('the progress bar appears once organisers switch the goal on, converted at their rates', async () => {
    assert.doesNotMatch((await request(t.app).get('/en/donate?currency=USD')).text, /donate-progress/);
    await t.db('donation_goals').insert({ campaign: 'zhanaozen', enabled: true, currency: 'EUR', amount_minor: 1_000_000, rates: JSON.stringify({ PLN: 0.25 }) });
    const session = newId('cs');
    const e = event('checkout.session.completed', sessionObject({ id: session, intentId: crypto.randomUUID(), mode: 'payment', amount: 40000, currency: 'pln' }));
    const { payload, header } = signed(e);
    await request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload).expect(200);
    await new Promise((r) => setTimeout(r, 1100)); // the page and the bar are kept for a second
    const page = await request(t.app).get('/en/donate?currency=USD').expect(200);
    assert.match(page.text, /€100 raised of €10,000/);
    assert.match(page.text, /converted into EUR at rates set by the organisers/);
  });

  it('retention: addresses go after 90 days (their hash stays), event ids after 90, abandoned intents after 30', async () => {
    const session = newId('cs');
    const e = event('checkout.session.completed', sessionObject({ id: session, intentId: crypto.randomUUID(), mode: 'payment', amount: 500, currency: 'eur', email: 'old@example.org' }));
    const { payload, header } = signed(e);
    await request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload).expect(200);
    await request(t.app).post('/en/donate').set('Sec-Fetch-Site', 'same-origin').type('form').send({ amount: '10', currency: 'EUR' }).expect(303);
    const day = 24 * 3600 * 1000;
    const soon = createDonationDeps({ ...t.deps, clock: { now: () => new Date(Date.now() + 29 * day) } });
    assert.deepEqual(await applyDonationRetention(soon), { addresses: 0, events: 0, intents: 0 });
    const later = createDonationDeps({ ...t.deps, clock: { now: () => new Date(Date.now() + 91 * day) } });
    const report = await applyDonationRetention(later);
    assert.ok(report.addresses >= 1 && report.events >= 1 && report.intents >= 1, JSON.stringify(report));
    const row = await t.db('donation_payments').where({ stripe_id: session }).first();
    assert.equal(row.email_enc, null);
    assert.ok(row.email_hash, 'the keyed hash stays');
    assert.equal(row.status, 'paid', 'the payment itself stays');
    assert.equal(Number((await t.db('stripe_events').count<{ count: string }[]>('* as count'))[0]!.count), 0);
  });
});
