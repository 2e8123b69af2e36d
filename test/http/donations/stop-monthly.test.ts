// The stop link in a monthly donor's thank-you email: GET shows a button and changes nothing; POST
// cancels the subscription at Stripe (once, with an idempotency key) and the donor counts as active no
// more; an unknown link is 404.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { activeMonthly } from '../../../src/donations/totals.repo.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { linkIn } from '../../support/smtp.ts';
import { event, invoiceObject, newId, sessionObject, signed, startStripeDouble, type StripeDouble, type StripeEventBody } from '../../support/stripe.ts';

describe('donations: stopping a monthly donation', () => {
  let stripe: StripeDouble;
  let t: TestApp;
  const send = (body: StripeEventBody) => {
    const { payload, header } = signed(body);
    return request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload).expect(200);
  };
  const active = async () => (await activeMonthly(t.db)).find((r) => r.currency === 'EUR')?.donors ?? 0;

  before(async () => {
    stripe = await startStripeDouble();
    t = await buildTestApp({ env: stripe.env() });
  });
  after(async () => {
    await t.close();
    await stripe.close();
  });

  it('from the emailed link: a button, then stopped at Stripe and here; pressing again changes nothing', async () => {
    const marks = { intentId: crypto.randomUUID(), lang: 'pl' };
    const [sub, invoice] = [newId('sub'), newId('in')];
    await send(event('checkout.session.completed', sessionObject({ ...marks, id: newId('cs'), mode: 'subscription', amount: 2000, currency: 'eur', email: 'stop@example.org', subscription: sub, invoice })));
    await send(event('invoice.paid', invoiceObject({ ...marks, id: invoice, subscription: sub, amount: 2000, currency: 'eur', email: 'stop@example.org' })));
    assert.equal(await active(), 1);
    const [mail] = await t.smtp.waitForTo('stop@example.org', 1);
    const link = linkIn(mail!, /\/pl\/donate\/stop\//);
    const path = new URL(link).pathname;

    const page = await request(t.app).get(path).expect(200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.match(page.text, /Zatrzymaj comiesięczną darowiznę/);
    assert.match(page.text, /20\s€/);
    assert.equal(stripe.requests.filter((r) => r.method === 'DELETE').length, 0, 'a GET changes nothing');

    const pressed = await request(t.app).post(path).set('Sec-Fetch-Site', 'same-origin').type('form').send({}).expect(303);
    assert.equal(pressed.headers.location, `${path}?done=1`);
    const cancels = stripe.requests.filter((r) => r.method === 'DELETE');
    assert.deepEqual(cancels.map((r) => r.path), [`/v1/subscriptions/${sub}`]);
    assert.equal(cancels[0]!.headers['idempotency-key'], `stop-${sub}`);
    assert.equal((await t.db('donation_subscriptions').where({ id: sub }).first()).status, 'canceled');
    assert.equal(await active(), 0);
    const done = await request(t.app).get(pressed.headers.location!).expect(200);
    assert.match(done.text, /Comiesięczna darowizna została zatrzymana/);

    await request(t.app).post(path).set('Sec-Fetch-Site', 'same-origin').type('form').send({}).expect(303);
    assert.equal(stripe.requests.filter((r) => r.method === 'DELETE').length, 1, 'stopped once');
    await request(t.app).post(path).set('Sec-Fetch-Site', 'cross-site').type('form').send({}).expect(403);
  });

  it('an unknown link is 404, in the page’s language', async () => {
    const res = await request(t.app).get(`/kk/donate/stop/${'A'.repeat(43)}`).expect(404);
    assert.match(res.text, /Бұл сілтеме жарамсыз/);
    await request(t.app).post(`/kk/donate/stop/${'A'.repeat(43)}`).set('Sec-Fetch-Site', 'same-origin').type('form').send({}).expect(404);
  });
});
