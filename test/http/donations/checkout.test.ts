// The donate form and its POST against the Stripe API double: the Checkout Session request Stripe gets
// (amount in minor units, currency, mode, recurring interval, return addresses, locale, metadata,
// idempotency key), the 303 to it, and every bad input answered 422 (or 403 cross-site) with no
// request to Stripe at all.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { BASE_URL, buildTestApp, type TestApp } from '../../support/app.ts';
import { startStripeDouble, type RecordedRequest, type StripeDouble } from '../../support/stripe.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Line = { quantity: string; price_data: { currency: string; unit_amount: string; recurring?: { interval: string; interval_count: string }; product_data: { name: string } } };

const lineOf = (r: RecordedRequest) => (r.form.line_items as Line[])[0]!;
const metaOf = (r: RecordedRequest, key = 'metadata') => r.form[key] as Record<string, string>;

describe('donations: the donate form and Stripe Checkout', () => {
  let stripe: StripeDouble;
  let t: TestApp;
  const post = (lang: string, fields: Record<string, string>, headers: Record<string, string> = { 'Sec-Fetch-Site': 'same-origin' }) =>
    request(t.app).post(`/${lang}/donate`).set(headers).type('form').send(fields);

  before(async () => {
    stripe = await startStripeDouble();
    t = await buildTestApp({ workers: false, env: stripe.env() });
  });
  after(async () => {
    await t.close();
    await stripe.close();
  });
  beforeEach(() => void stripe.requests.splice(0));

  it('GET /{lang}/donate: the same for everyone (cacheable), presets in the language’s suggested currency', async () => {
    for (const [lang, currency, preset] of [['en', 'EUR', '25'], ['pl', 'PLN', '100'], ['ru', 'USD', '25'], ['kk', 'USD', '25']] as const) {
      const res = await request(t.app).get(`/${lang}/donate`).expect(200);
      assert.equal(res.headers['cache-control'], 'public, max-age=0, s-maxage=2, stale-while-revalidate=3');
      assert.equal(res.headers['set-cookie'], undefined);
      assert.match(res.text, new RegExp(`name="currency" value="${currency}"`));
      assert.match(res.text, new RegExp(`name="amount" value="${preset}" checked`), `${lang}: the default preset is chosen`);
      assert.match(res.text, new RegExp(`<html lang="${lang}"`));
      assert.match(String(res.headers['content-security-policy']), new RegExp(`form-action 'self' https://checkout.stripe.com ${stripe.url}`), 'the form may lead to Checkout');
    }
    const pln = await request(t.app).get('/en/donate?currency=PLN&frequency=monthly').expect(200);
    assert.match(pln.text, /name="currency" value="PLN"/);
    assert.match(pln.text, /value="monthly" checked/);
    await request(t.app).get('/en/donate?currency=GBP').expect(400);
  });

  it('a one-off gift: payment mode, minor units, return addresses, locale, metadata and the intent’s key; then 303 to Checkout', async () => {
    const res = await post('en', { amount: '25', currency: 'EUR', frequency: 'once', _csrf: 'ignored' }).expect(303);
    const [session] = stripe.sessions();
    assert.ok(session, 'one Checkout Session request');
    assert.equal(stripe.sessions().length, 1);
    assert.equal(res.headers.location, `${stripe.url}/pay/${(await t.db('donation_intents').first('checkout_session_id')).checkout_session_id}`);
    const f = session.form;
    assert.equal(f.mode, 'payment');
    assert.equal(f.submit_type, 'donate');
    assert.equal(lineOf(session).quantity, '1');
    assert.equal(lineOf(session).price_data.unit_amount, '2500');
    assert.equal(lineOf(session).price_data.currency, 'eur');
    assert.equal(lineOf(session).price_data.recurring, undefined);
    assert.equal(lineOf(session).price_data.product_data.name, 'Donation to the Zhanaozen list campaign');
    assert.equal(f.success_url, `${BASE_URL}/en/donate/thanks?session_id={CHECKOUT_SESSION_ID}`);
    assert.equal(f.cancel_url, `${BASE_URL}/en/donate/cancelled`);
    assert.equal(f.locale, 'en-GB');
    const key = String(session.headers['idempotency-key']);
    assert.match(key, UUID_V4, 'the idempotency key is a v4 UUID');
    assert.deepEqual(metaOf(session), { dauys_intent: key, campaign: 'zhanaozen', lang: 'en', frequency: 'once' });
    assert.deepEqual(metaOf(session).dauys_intent, (session.form.payment_intent_data as { metadata: Record<string, string> }).metadata.dauys_intent);
    assert.equal(f.client_reference_id, key);
    assert.equal(session.headers['stripe-version'], '2026-10-28.endive', 'the API version is pinned');
    const intent = await t.db('donation_intents').where({ id: key }).first();
    assert.equal(intent.amount_minor, 2500);
    assert.equal(intent.currency, 'EUR');
    assert.ok(String(intent.checkout_session_id).startsWith('cs_test_'));
  });

  it('a monthly gift of another amount in Polish: subscription mode with a monthly inline price, Polish Checkout', async () => {
    await post('pl', { amount: 'other', custom: '12,50', currency: 'PLN', frequency: 'monthly' }).expect(303);
    const [session] = stripe.sessions();
    assert.equal(session!.form.mode, 'subscription');
    assert.equal(session!.form.submit_type, undefined);
    assert.equal(lineOf(session!).price_data.unit_amount, '1250');
    assert.equal(lineOf(session!).price_data.currency, 'pln');
    assert.deepEqual(lineOf(session!).price_data.recurring, { interval: 'month', interval_count: '1' });
    assert.equal(session!.form.locale, 'pl');
    assert.equal(metaOf(session!).lang, 'pl');
    assert.equal(metaOf(session!).frequency, 'monthly');
    assert.deepEqual((session!.form.subscription_data as { metadata: unknown }).metadata, metaOf(session!));
    assert.equal(session!.form.success_url, `${BASE_URL}/pl/donate/thanks?session_id={CHECKOUT_SESSION_ID}`);
  });

  it('a Kazakh page opens Checkout in Russian (Stripe has no Kazakh); large amounts with spaces are read', async () => {
    await post('kk', { amount: 'other', custom: '1 000', currency: 'USD', frequency: 'once' }).expect(303);
    const [session] = stripe.sessions();
    assert.equal(session!.form.locale, 'ru');
    assert.equal(metaOf(session!).lang, 'kk');
    assert.equal(lineOf(session!).price_data.unit_amount, '100000');
    assert.equal(lineOf(session!).price_data.product_data.name, '«Жаңаөзен тізімі» науқанына қайырымдылық');
  });

  it('bad amounts, non-numbers and bad currencies: 422 with a translated summary, the values kept, and no Stripe request', async () => {
    const cases: { lang: string; fields: Record<string, string>; message: RegExp; kept?: RegExp }[] = [
      { lang: 'en', fields: { amount: 'other', custom: '1', currency: 'EUR' }, message: /Enter at least €2\b/, kept: /id="custom" name="custom"[^>]*value="1"/ },
      { lang: 'pl', fields: { amount: 'other', custom: '5', currency: 'PLN' }, message: /Wpisz co najmniej 10\szł/, kept: /value="5"/ },
      { lang: 'en', fields: { amount: 'other', custom: '5000.01', currency: 'USD' }, message: /Enter at most US\$5,000/ },
      { lang: 'ru', fields: { amount: 'other', custom: 'десять', currency: 'EUR' }, message: /Введите сумму числом/, kept: /value="десять"/ },
      { lang: 'en', fields: { amount: 'other', custom: '1e3', currency: 'EUR' }, message: /as a number/ },
      { lang: 'en', fields: { amount: 'other', custom: '-5', currency: 'EUR' }, message: /as a number/ },
      { lang: 'en', fields: { amount: 'other', custom: '0x10', currency: 'EUR' }, message: /as a number/ },
      { lang: 'en', fields: { amount: 'other', custom: '25.505', currency: 'EUR' }, message: /as a number/ },
      { lang: 'en', fields: { amount: 'other', custom: '', currency: 'EUR' }, message: /Choose an amount/ },
      { lang: 'en', fields: { amount: '25', currency: 'GBP' }, message: /Choose euro, złoty or US dollars/ },
      { lang: 'kk', fields: { amount: '25', currency: 'EUR', frequency: 'weekly' }, message: /«Бір рет» немесе «Ай сайын»/ },
      { lang: 'en', fields: { amount: '0.5', currency: 'EUR' }, message: /Enter at least €2\b/ },
    ];
    for (const { lang, fields, message, kept } of cases) {
      const res = await post(lang, { frequency: 'once', ...fields }).expect(422);
      assert.match(res.text, /class="error-summary"/, JSON.stringify(fields));
      assert.match(res.text, message, JSON.stringify(fields));
      if (kept) assert.match(res.text, kept);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      assert.match(res.text, new RegExp(`<html lang="${lang}"`));
    }
    // A repeated field is not a string: still a 422, never a 500.
    await request(t.app).post('/en/donate').set('Sec-Fetch-Site', 'same-origin').type('form').send('amount=25&amount=50&currency=EUR').expect(422);
    assert.equal(stripe.requests.length, 0, 'Stripe was never asked');
  });

  it('a cross-site POST is refused (403) and asks Stripe nothing', async () => {
    const before = (await t.db('donation_intents').count<{ count: string }[]>('* as count'))[0]!.count;
    const res = await post('en', { amount: '25', currency: 'EUR', frequency: 'once' }, { 'Sec-Fetch-Site': 'cross-site' }).expect(403);
    assert.match(res.text, /<html lang="en"/);
    await post('en', { amount: '25', currency: 'EUR', frequency: 'once' }, { Origin: 'https://evil.example' }).expect(403);
    assert.equal(stripe.requests.length, 0);
    assert.equal((await t.db('donation_intents').count<{ count: string }[]>('* as count'))[0]!.count, before);
  });

  it('a double-click is two intents and two sessions (never shared); a retried request reuses its key and makes one session', async () => {
    const [a, b] = await Promise.all([post('en', { amount: '50', currency: 'EUR' }), post('en', { amount: '50', currency: 'EUR' })]);
    assert.equal(a.status, 303);
    assert.equal(b.status, 303);
    assert.notEqual(a.headers.location, b.headers.location);
    const keys = stripe.sessions().map((r) => r.headers['idempotency-key']);
    assert.equal(new Set(keys).size, 2);

    stripe.requests.splice(0);
    stripe.failNext(500, 1); // the first attempt fails; stripe-node retries with the same key
    const retried = await post('en', { amount: '10', currency: 'EUR' }).expect(303);
    const attempts = stripe.sessions();
    assert.equal(attempts.length, 2);
    assert.equal(attempts[0]!.headers['idempotency-key'], attempts[1]!.headers['idempotency-key']);
    assert.ok(String(retried.headers.location).startsWith(`${stripe.url}/pay/cs_test_`));
  });

  it('Stripe down: 503 with a translated message and the values kept; nothing else fails', async () => {
    stripe.failNext(500, 3); // the request and both retries
    const res = await post('ru', { amount: 'other', custom: '30', currency: 'EUR', frequency: 'monthly' }).expect(503);
    assert.match(res.text, /Не удалось связаться с платёжной системой/);
    assert.match(res.text, /id="custom" name="custom"[^>]*value="30"/);
    assert.match(res.text, /value="monthly" checked/);
    assert.doesNotMatch(res.text, /sk_test/);
  });

  it('the cancel page is public and offers to try again', async () => {
    const res = await request(t.app).get('/pl/donate/cancelled').expect(200);
    assert.match(res.text, /nic nie zostało pobrane/);
    assert.equal(res.headers['cache-control'], 'public, max-age=0, s-maxage=2, stale-while-revalidate=3');
  });
});

describe('donations without Stripe configured', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('the donate page says donations are not available, the POST and the webhook are 404, nothing fails', async () => {
    for (const [lang, text] of [['en', 'Donations are not available on this site.'], ['kk', 'Бұл сайтта қайырымдылық қабылданбайды.'], ['ru', 'На этом сайте пожертвования не принимаются.'], ['pl', 'Ta strona nie przyjmuje darowizn.']] as const) {
      const res = await request(t.app).get(`/${lang}/donate`).expect(200);
      assert.ok(res.text.includes(text), lang);
    }
    const posted = await request(t.app).post('/en/donate').set('Sec-Fetch-Site', 'same-origin').type('form').send({ amount: '25', currency: 'EUR' }).expect(404);
    assert.match(posted.text, /Donations are not available/);
    const hook = await request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', 't=1,v1=00').send('{}').expect(404);
    assert.match(String(hook.headers['content-type']), /json/);
    const home = await request(t.app).get('/en/').expect(200);
    assert.doesNotMatch(home.text, /\/en\/donate/, 'the home page does not offer donating');
  });
});
