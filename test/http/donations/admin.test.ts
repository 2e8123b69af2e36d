// The organisers' donations page: the totals by currency and month (one-off, monthly, refunds, net,
// active monthly donors) as the webhook recorded them; the CSV export, audit-logged; the public goal
// (422 with the values kept, then saved with its audit entry and shown on the donate page); and, with
// Stripe not configured, the page says why.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { event, invoiceObject, newId, sessionObject, chargeObject, signed, startStripeDouble, type StripeDouble, type StripeEventBody } from '../../support/stripe.ts';
import { Browser, csrfOf, makeAccount, movableClock, signedIn, isRoleRefusal } from '../admin/support.ts';

describe('donations: the organisers’ page', () => {
  const clock = movableClock();
  const month = new Date().toISOString().slice(0, 7);
  let stripe: StripeDouble;
  let t: TestApp;
  let organiser: Browser;
  let organiserId: number;
  const send = (body: StripeEventBody) => {
    const { payload, header } = signed(body);
    return request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload).expect(200);
  };
  const token = async () => csrfOf((await organiser.get('/admin/donations')).text);

  before(async () => {
    stripe = await startStripeDouble();
    t = await buildTestApp({ workers: false, clock, env: stripe.env() });
    const account = await makeAccount(t.deps, 'organiser');
    organiserId = account.id;
    organiser = await signedIn(t.app, account, clock.now());
    const now = Math.floor(Date.now() / 1000);
    const [pi, sub, invoice] = [newId('pi'), newId('sub'), newId('in')];
    await send(event('checkout.session.completed', sessionObject({ id: newId('cs'), intentId: crypto.randomUUID(), mode: 'payment', amount: 5000, currency: 'eur', paymentIntent: pi }), now));
    await send(event('checkout.session.completed', sessionObject({ id: newId('cs'), intentId: crypto.randomUUID(), mode: 'payment', amount: 2500, currency: 'eur' }), now));
    await send(event('invoice.paid', { ...invoiceObject({ intentId: crypto.randomUUID(), id: invoice, subscription: sub, amount: 10000, currency: 'pln', paidAt: now }) }, now));
    await send(event('charge.refunded', chargeObject({ id: newId('ch'), paymentIntent: pi, amountRefunded: 1000, currency: 'eur', amount: 5000 }), now));
  });
  after(async () => {
    await t.close();
    await stripe.close();
  });

  it('shows the totals by currency and month, the active monthly donors and how to connect Stripe; private', async () => {
    const res = await organiser.get('/admin/donations');
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.match(res.text, /<th scope="row">EUR<\/th><td class="number">2 payments, €75<\/td><td class="number">0 payments, €0<\/td><td class="number">1 refund, €10<\/td><td class="number"><strong>€65<\/strong>/);
    assert.match(res.text, /<th scope="row">PLN<\/th><td class="number">0 payments, PLN\s?0<\/td><td class="number">1 payment, PLN\s?100<\/td>/);
    assert.ok(res.text.includes(new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date())), 'the month, by name');
    assert.match(res.text, /1 donor/);
    assert.match(res.text, /http:\/\/localhost:3000\/webhooks\/stripe/);
    assert.match(res.text, /checkout\.session\.async_payment_failed/);
    assert.match(res.text, /4 recorded, 0 not about our donations, 0 unreadable/);
  });

  it('exports the totals as CSV (a POST, audit-logged with the row count)', async () => {
    const res = await organiser.post('/admin/donations/totals.csv', { _csrf: await token() });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.equal(res.headers['content-disposition'], `attachment; filename="donations-${clock.now().toISOString().slice(0, 10)}.csv"`);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const lines = res.text.trim().split('\n');
    assert.equal(lines[0], 'month,currency,one_off_payments,one_off_amount,monthly_payments,monthly_amount,refunds,refunded_amount,net_amount');
    assert.ok(lines.includes(`${month},EUR,2,75.00,0,0.00,1,10.00,65.00`), res.text);
    assert.ok(lines.includes(`${month},PLN,0,0.00,1,100.00,0,0.00,100.00`), res.text);
    const entries = await t.db('audit_log').where({ action: 'export.donation-totals' }).select('actor', 'subject', 'details');
    assert.deepEqual(entries, [{ actor: `user:${organiserId}`, subject: 'campaign:zhanaozen', details: { format: 'csv', rows: 2 } }]);
  });

  it('the goal: bad values are 422 with the values kept; good ones are saved, audited and shown publicly', async () => {
    const bad = await organiser.post('/admin/donations/goal', { _csrf: await token(), enabled: 'on', currency: 'EUR', amount: 'lots', ratePLN: '-1', rateUSD: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#amount">Enter the goal as a positive amount/);
    assert.match(bad.text, /href="#ratePLN">Enter the rate as a positive number/);
    assert.match(bad.text, /value="lots"/);
    assert.equal(await t.db('donation_goals').count<{ count: string }[]>('* as count').then((r) => Number(r[0]!.count)), 0);

    const saved = await organiser.post('/admin/donations/goal', { _csrf: await token(), enabled: 'on', currency: 'EUR', amount: '1000', ratePLN: '0,25', rateUSD: '' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.location, '/admin/donations?saved=goal#goal');
    const goal = await t.db('donation_goals').first();
    assert.equal(goal.enabled, true);
    assert.equal(Number(goal.amount_minor), 100000);
    assert.deepEqual(goal.rates, { PLN: 0.25 });
    const audited = await t.db('audit_log').where({ action: 'donation-goal.updated' }).first('actor', 'details');
    assert.equal(audited.actor, `user:${organiserId}`);
    assert.deepEqual(audited.details, { enabled: true, currency: 'EUR', amountMinor: 100000, rates: { PLN: 0.25 } });
    const page = await organiser.get('/admin/donations?saved=goal');
    assert.match(page.text, /The goal is saved/);
    assert.match(page.text, /€90 raised of €1,000/, 'net EUR 65 + PLN 100 × 0.25');
    await new Promise((r) => setTimeout(r, 1100)); // the public page keeps its render for a second
    const donate = await request(t.app).get('/en/donate').expect(200);
    assert.match(donate.text, /€90 raised of €1,000/);
  });

  it('a moderator may not see it', async () => {
    const moderator = await signedIn(t.app, await makeAccount(t.deps, 'moderator'), clock.now());
    assert.ok(isRoleRefusal(await moderator.get('/admin/donations')));
  });
});

describe('donations: the organisers’ page says why donations are off', () => {
  for (const [env, why] of [[{}, /STRIPE_SECRET_KEY is not set/], [{ STRIPE_SECRET_KEY: 'sk_test_only' }, /STRIPE_WEBHOOK_SECRET is not set/]] as const) {
    it(`${Object.keys(env).join(', ') || 'no Stripe variables'}: ${why.source}`, async () => {
      const t = await buildTestApp({ workers: false, env });
      try {
        const organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), new Date());
        const res = await organiser.get('/admin/donations');
        assert.equal(res.status, 200);
        assert.match(res.text, /Donations are off/);
        assert.match(res.text, why);
        await request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').send('{}').expect(404);
      } finally {
        await t.close();
      }
    });
  }
});
