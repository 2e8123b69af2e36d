// POST /webhooks/stripe with payloads signed as Stripe signs them: a valid event is recorded, a replay
// once, a tampered or old one refused with nothing recorded; payments count once by their Stripe object
// whatever the order of arrival; refunds lower the net once; the thank-you email goes out once, in the
// donor's language, and the donor's address is stored encrypted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { decrypt } from '../../../src/lib/crypto.ts';
import { activeMonthly, netByCurrency, paymentTotals, refundTotals } from '../../../src/donations/totals.repo.ts';
import { eraseDonor, findDonorRecord } from '../../../src/donations/index.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { chargeObject, event, invoiceObject, newId, sessionObject, signed, startStripeDouble, subscriptionObject, type StripeDouble, type StripeEventBody } from '../../support/stripe.ts';

const intent = () => crypto.randomUUID();
const count = async (t: TestApp, table: string, where: Record<string, unknown> = {}) => Number((await t.db(table).where(where).count<{ count: string }[]>('* as count'))[0]!.count);

describe('donations: the Stripe webhook', () => {
  let stripe: StripeDouble;
  let t: TestApp;
  const send = (body: StripeEventBody | string, options: { secret?: string; timestamp?: number; tamper?: (payload: string) => string } = {}) => {
    const { payload, header } = signed(body, options);
    return request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json; charset=utf-8').set('Stripe-Signature', header).send(options.tamper ? options.tamper(payload) : payload);
  };
  const net = async (currency: string) => (await netByCurrency(t.db))[currency] ?? 0;

  before(async () => {
    stripe = await startStripeDouble();
    t = await buildTestApp({ env: stripe.env() });
  });
  after(async () => {
    await t.close();
    await stripe.close();
  });

  it('a valid checkout.session.completed is recorded: the event, one paid payment, the address encrypted, one thank-you email in the donor’s language', async () => {
    const session = newId('cs');
    const e = event('checkout.session.completed', sessionObject({ id: session, intentId: intent(), lang: 'pl', mode: 'payment', amount: 2500, currency: 'eur', email: 'Darczyńca@Example.org', paymentIntent: newId('pi') }));
    const res = await send(e).expect(200);
    assert.deepEqual(res.body, { received: true, result: 'recorded' });
    assert.equal(await count(t, 'stripe_events', { id: e.id, outcome: 'applied' }), 1);
    const payment = await t.db('donation_payments').where({ stripe_id: session }).first();
    assert.equal(payment.status, 'paid');
    assert.equal(payment.kind, 'one_off');
    assert.equal(payment.amount_minor, 2500);
    assert.equal(payment.currency, 'EUR');
    assert.equal(payment.lang, 'pl');
    assert.ok(!Buffer.from(payment.email_enc).toString('latin1').includes('Example'), 'not stored in plain text');
    assert.equal(decrypt(t.deps.secrets.encryptionKey, payment.email_enc), 'Darczyńca@Example.org');
    assert.equal(payment.email_hash.length, 32);
    const [mail] = await t.smtp.waitForTo('Darczyńca@Example.org', 1);
    assert.equal(mail!.subject, 'Dziękujemy za darowiznę');
    assert.match(mail!.text ?? '', /25,00\s€|25\s€/);
    assert.equal(mail!.messageId, `<donation-${payment.id}.thank-you@localhost>`);
  });

  it('a replay is recorded once, even five at once: one event, one payment, one email', async () => {
    const session = newId('cs');
    const e = event('checkout.session.completed', sessionObject({ id: session, intentId: intent(), mode: 'payment', amount: 1000, currency: 'usd', email: 'replay@example.org', paymentIntent: newId('pi') }));
    const first = await send(e).expect(200);
    assert.equal(first.body.result, 'recorded');
    const results = await Promise.all(Array.from({ length: 5 }, () => send(e)));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.deepEqual(results.map((r) => r.body.result), ['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    assert.equal(await count(t, 'stripe_events', { id: e.id }), 1);
    assert.equal(await count(t, 'donation_payments', { stripe_id: session }), 1);
    await t.smtp.waitForTo('replay@example.org', 1);
    await new Promise((r) => setTimeout(r, 1500)); // a second email would have been sent by now
    assert.equal(t.smtp.to('replay@example.org').length, 1);
  });

  it('different events of one new payment at the same moment (ten payments, five events each, all at once): 200s, one row each', async () => {
    const payments = Array.from({ length: 10 }, () => {
      const object = sessionObject({ id: newId('cs'), intentId: intent(), mode: 'payment', amount: 700, currency: 'eur', paid: false, paymentIntent: newId('pi') });
      return { id: object.id, events: [event('checkout.session.completed', object), event('checkout.session.async_payment_succeeded', { ...object, payment_status: 'paid' }), ...Array.from({ length: 3 }, () => event('checkout.session.completed', object))] };
    });
    const results = await Promise.all(payments.flatMap((p) => p.events).map((e) => send(e)));
    assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
    for (const p of payments) {
      assert.equal(await count(t, 'donation_payments', { stripe_id: p.id }), 1);
      assert.equal((await t.db('donation_payments').where({ stripe_id: p.id }).first()).status, 'paid');
    }
  });

  it('a tampered payload, a wrong secret, a missing signature or a non-JSON body: 400 (an oversized one 413), and nothing is recorded', async () => {
    const session = newId('cs');
    const e = event('checkout.session.completed', sessionObject({ id: session, intentId: intent(), mode: 'payment', amount: 500, currency: 'eur' }));
    const events = await count(t, 'stripe_events');
    const tampered = await send(e, { tamper: (p) => p.replace('"amount_total":500', '"amount_total":500000') }).expect(400);
    assert.match(String(tampered.headers['content-type']), /json/);
    await send(e, { secret: 'whsec_someone_else' }).expect(400);
    await request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').send(JSON.stringify(e)).expect(400);
    const { header } = signed(e);
    await request(t.app).post('/webhooks/stripe').set('Content-Type', 'text/plain').set('Stripe-Signature', header).send(JSON.stringify(e)).expect(400);
    await request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', header).send('').expect(400);
    const huge = signed(JSON.stringify({ ...e, padding: 'x'.repeat(1_100_000) }));
    const tooLarge = await request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', huge.header).send(huge.payload).expect(413);
    assert.match(String(tooLarge.headers['content-type']), /json/);
    assert.equal(await count(t, 'stripe_events'), events);
    assert.equal(await count(t, 'donation_payments', { stripe_id: session }), 0);
  });

  it('an old timestamp is refused (over 300 s): 400 and nothing; one within tolerance is taken', async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = event('checkout.session.completed', sessionObject({ id: newId('cs'), intentId: intent(), mode: 'payment', amount: 300, currency: 'eur' }));
    await send(old, { timestamp: now - 301 }).expect(400);
    await send(old, { timestamp: now - 600 }).expect(400);
    assert.equal(await count(t, 'stripe_events', { id: old.id }), 0);
    await send(old, { timestamp: now - 240 }).expect(200);
    assert.equal(await count(t, 'stripe_events', { id: old.id }), 1);
  });

  it('invoice.paid before its checkout.session.completed: one monthly payment, counted once; the later event only completes it', async () => {
    const marks = { intentId: intent(), lang: 'ru' };
    const [sub, invoice, session] = [newId('sub'), newId('in'), newId('cs')];
    const before = await paymentTotals(t.db);
    const paid = await send(event('invoice.paid', invoiceObject({ ...marks, id: invoice, subscription: sub, amount: 1500, currency: 'eur', email: 'monthly@example.org' }))).expect(200);
    assert.equal(paid.body.result, 'recorded');
    let row = await t.db('donation_payments').where({ stripe_id: invoice }).first();
    assert.equal(row.status, 'paid');
    assert.equal(row.kind, 'monthly');
    assert.equal(row.checkout_session_id, null);
    await send(event('checkout.session.completed', sessionObject({ ...marks, id: session, mode: 'subscription', amount: 1500, currency: 'eur', email: 'monthly@example.org', subscription: sub, invoice }))).expect(200);
    assert.equal(await count(t, 'donation_payments', { stripe_id: invoice }), 1);
    row = await t.db('donation_payments').where({ stripe_id: invoice }).first();
    assert.equal(row.checkout_session_id, session, 'completed by the later event');
    assert.equal(row.amount_minor, 1500);
    const after = await paymentTotals(t.db);
    const monthly = (rows: typeof after) => rows.filter((r) => r.kind === 'monthly' && r.currency === 'EUR').reduce((n, r) => n + r.payments, 0);
    assert.equal(monthly(after) - monthly(before), 1);
    assert.equal((await t.db('donation_subscriptions').where({ id: sub }).first()).status, 'active');
    const [mail] = await t.smtp.waitForTo('monthly@example.org', 1);
    assert.equal(mail!.subject, 'Спасибо за ваше пожертвование');
    assert.match(mail!.text ?? '', /\/ru\/donate\/stop\/[A-Za-z0-9_-]{43}/, 'a monthly donor can stop it');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(t.smtp.to('monthly@example.org').length, 1);
  });

  it('the session first, then invoice.paid: also one payment; a renewal is a second payment with no second thank-you', async () => {
    const marks = { intentId: intent() };
    const [sub, first, second] = [newId('sub'), newId('in'), newId('in')];
    await send(event('checkout.session.completed', sessionObject({ ...marks, id: newId('cs'), mode: 'subscription', amount: 900, currency: 'usd', email: 'order@example.org', subscription: sub, invoice: first }))).expect(200);
    await send(event('invoice.paid', invoiceObject({ ...marks, id: first, subscription: sub, amount: 900, currency: 'usd', email: 'order@example.org' }))).expect(200);
    await send(event('invoice.paid', invoiceObject({ ...marks, id: second, subscription: sub, amount: 900, currency: 'usd', email: 'order@example.org', first: false }))).expect(200);
    assert.equal(await count(t, 'donation_payments', { subscription_id: sub, status: 'paid' }), 2);
    await t.smtp.waitForTo('order@example.org', 1);
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(t.smtp.to('order@example.org').length, 1, 'one thank-you for the donation, none per renewal');
  });

  it('a refund lowers the net once: replays and a late, smaller running total change nothing', async () => {
    const [session, pi, charge] = [newId('cs'), newId('pi'), newId('ch')];
    const start = await net('PLN');
    await send(event('checkout.session.completed', sessionObject({ id: session, intentId: intent(), mode: 'payment', amount: 10000, currency: 'pln', paymentIntent: pi }))).expect(200);
    assert.equal(await net('PLN'), start + 10000);
    const partial = event('charge.refunded', chargeObject({ id: charge, paymentIntent: pi, amountRefunded: 4000, currency: 'pln', amount: 10000 }));
    const full = event('charge.refunded', chargeObject({ id: charge, paymentIntent: pi, amountRefunded: 10000, currency: 'pln', amount: 10000 }));
    await send(partial).expect(200);
    assert.equal(await net('PLN'), start + 6000);
    await send(partial).expect(200); // replay
    assert.equal(await net('PLN'), start + 6000);
    await send(full).expect(200);
    assert.equal(await net('PLN'), start);
    await send(event('charge.refunded', chargeObject({ id: charge, paymentIntent: pi, amountRefunded: 4000, currency: 'pln', amount: 10000 }))).expect(200); // a late, older report
    assert.equal(await net('PLN'), start);
    const refunds = (await refundTotals(t.db)).filter((r) => r.currency === 'PLN');
    assert.equal(refunds.reduce((n, r) => n + r.refundedMinor, 0), 10000);
  });

  it('a refund before its payment’s event still counts once the payment arrives', async () => {
    const [session, pi] = [newId('cs'), newId('pi')];
    const start = await net('USD');
    await send(event('charge.refunded', chargeObject({ id: newId('ch'), paymentIntent: pi, amountRefunded: 500, currency: 'usd', amount: 2000 }))).expect(200);
    assert.equal(await net('USD'), start, 'an unknown payment’s refund does not count');
    await send(event('checkout.session.completed', sessionObject({ id: session, intentId: intent(), mode: 'payment', amount: 2000, currency: 'usd', paymentIntent: pi }))).expect(200);
    assert.equal(await net('USD'), start + 1500);
  });

  it('a refund of a monthly payment: the job asks Stripe which invoice its PaymentIntent paid, then it counts', async () => {
    const marks = { intentId: intent() };
    const [sub, invoice, pi, charge] = [newId('sub'), newId('in'), newId('pi'), newId('ch')];
    await send(event('invoice.paid', invoiceObject({ ...marks, id: invoice, subscription: sub, amount: 3000, currency: 'eur' }))).expect(200);
    const start = await net('EUR');
    stripe.mapPaymentIntent(pi, invoice);
    await send(event('charge.refunded', chargeObject({ id: charge, paymentIntent: pi, amountRefunded: 3000, currency: 'eur' }))).expect(200);
    const until = Date.now() + 15_000;
    while ((await t.db('donation_refunds').where({ charge_id: charge }).first()).invoice_id === null) {
      assert.ok(Date.now() < until, 'the refund job matched the invoice');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await net('EUR'), start - 3000);
    assert.ok(stripe.requests.some((r) => r.path === '/v1/invoice_payments' && r.query.get('payment[payment_intent]') === pi && r.query.get('payment[type]') === 'payment_intent'));
  });

  it('async payments: pending until async_payment_succeeded (in either order); a failed one never counts', async () => {
    const [ok, failed] = [newId('cs'), newId('cs')];
    const marks = { intentId: intent() };
    const okObject = sessionObject({ ...marks, id: ok, mode: 'payment', amount: 4200, currency: 'eur', paid: false, email: 'async@example.org' });
    await send(event('checkout.session.async_payment_succeeded', { ...okObject, payment_status: 'paid' })).expect(200);
    await send(event('checkout.session.completed', okObject)).expect(200); // older news, arriving late
    assert.equal((await t.db('donation_payments').where({ stripe_id: ok }).first()).status, 'paid');
    const failedObject = sessionObject({ intentId: intent(), id: failed, mode: 'payment', amount: 4200, currency: 'eur', paid: false });
    await send(event('checkout.session.completed', failedObject)).expect(200);
    assert.equal((await t.db('donation_payments').where({ stripe_id: failed }).first()).status, 'pending');
    await send(event('checkout.session.async_payment_failed', failedObject)).expect(200);
    const row = await t.db('donation_payments').where({ stripe_id: failed }).first();
    assert.equal(row.status, 'failed');
    assert.equal(row.paid_at, null);
  });

  it('subscriptions: deleted ends it for good, an older update cannot revive it; active monthly donors follow', async () => {
    const marks = { intentId: intent() };
    const sub = newId('sub');
    const activeBefore = (await activeMonthly(t.db)).find((r) => r.currency === 'PLN')?.donors ?? 0;
    const now = Math.floor(Date.now() / 1000);
    await send(event('customer.subscription.updated', subscriptionObject({ ...marks, id: sub, status: 'active', amount: 5000, currency: 'pln' }), now - 100)).expect(200);
    assert.equal((await activeMonthly(t.db)).find((r) => r.currency === 'PLN')?.donors, activeBefore + 1);
    await send(event('customer.subscription.deleted', subscriptionObject({ ...marks, id: sub, status: 'canceled', amount: 5000, currency: 'pln' }), now - 50)).expect(200);
    await send(event('customer.subscription.updated', subscriptionObject({ ...marks, id: sub, status: 'past_due', amount: 5000, currency: 'pln' }), now - 80)).expect(200);
    await send(event('invoice.paid', invoiceObject({ ...marks, id: newId('in'), subscription: sub, amount: 5000, currency: 'pln', first: false })), {}).expect(200);
    const row = await t.db('donation_subscriptions').where({ id: sub }).first();
    assert.equal(row.status, 'canceled');
    assert.ok(row.canceled_at);
    assert.equal((await activeMonthly(t.db)).find((r) => r.currency === 'PLN')?.donors ?? 0, activeBefore);
  });

  it('events about other products are recorded as ignored; unknown types are answered and not recorded', async () => {
    const foreign = event('checkout.session.completed', { ...sessionObject({ id: newId('cs'), intentId: intent(), mode: 'payment', amount: 100, currency: 'eur' }), metadata: { order: '42' } });
    const res = await send(foreign).expect(200);
    assert.equal(res.body.result, 'recorded');
    assert.equal(await count(t, 'stripe_events', { id: foreign.id, outcome: 'ignored' }), 1);
    assert.equal(await count(t, 'donation_payments', { stripe_id: (foreign.data.object as { id: string }).id }), 0);
    const other = event('customer.created', { id: newId('cus'), object: 'customer' });
    assert.equal((await send(other).expect(200)).body.result, 'unhandled');
    assert.equal(await count(t, 'stripe_events', { id: other.id }), 0);
    const broken = event('invoice.paid', { id: newId('in'), object: 'invoice' });
    await send(broken).expect(200);
    assert.equal(await count(t, 'stripe_events', { id: broken.id, outcome: 'malformed' }), 1);
  });

  it('the success page shows what the webhook recorded, privately; an unknown session is 404, a malformed id 400', async () => {
    const res = await request(t.app).post('/kk/donate').set('Sec-Fetch-Site', 'same-origin').type('form').send({ amount: '50', currency: 'USD', frequency: 'once' }).expect(303);
    const session = String(res.headers.location).split('/pay/')[1]!;
    const waiting = await request(t.app).get(`/kk/donate/thanks?session_id=${session}`).expect(200);
    assert.equal(waiting.headers['cache-control'], 'private, no-store');
    assert.match(waiting.text, /Растауды күтудеміз/, 'not claimed as done before the webhook');
    assert.match(waiting.text, /\$50|50\s\$|50\sUS\$/);
    const intentId = (await t.db('donation_intents').where({ checkout_session_id: session }).first()).id;
    await send(event('checkout.session.completed', sessionObject({ id: session, intentId, lang: 'kk', mode: 'payment', amount: 5000, currency: 'usd' }))).expect(200);
    const paid = await request(t.app).get(`/kk/donate/thanks?session_id=${session}`).expect(200);
    assert.match(paid.text, /қайырымдылығыңыз қабылданды/);
    await request(t.app).get('/kk/donate/thanks?session_id=cs_test_unknownunknown').expect(404);
    await request(t.app).get('/kk/donate/thanks?session_id=x').expect(400);
  });

  it('a data request by email finds a donor’s payments by the keyed hash, and erasure removes the address but keeps the amounts', async () => {
    const email = 'Erase.Me@Example.org';
    const session = newId('cs');
    const object = sessionObject({ id: session, intentId: intent(), mode: 'payment', amount: 1200, currency: 'eur', email, paid: false });
    await send(event('checkout.session.completed', object)).expect(200);
    assert.deepEqual(await findDonorRecord(t.db, t.deps.secrets, ' erase.me@example.ORG '), { payments: 1, monthly: false });
    assert.equal(await eraseDonor(t.db, t.deps.secrets, email), 1);
    const row = await t.db('donation_payments').where({ stripe_id: session }).first();
    assert.equal(row.email_enc, null);
    assert.equal(row.email_hash, null);
    assert.equal(row.amount_minor, 1200);
    assert.deepEqual(await findDonorRecord(t.db, t.deps.secrets, email), { payments: 0, monthly: false });
    // A later event about the same payment, carrying the address again, does not bring it back.
    await send(event('checkout.session.async_payment_succeeded', { ...object, payment_status: 'paid' })).expect(200);
    const after = await t.db('donation_payments').where({ stripe_id: session }).first();
    assert.equal(after.status, 'paid');
    assert.equal(after.email_enc, null);
    assert.equal(after.thank_you_queued_at, null, 'no thank-you to an erased address');
  });
});

