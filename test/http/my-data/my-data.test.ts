// A supporter's own data at /{lang}/my-data: the form answers the same for every address (status, body,
// headers) and queues the same job; only an address we hold something about gets an email, with an
// hour-long link that shows exactly that person's data (signatures on two petitions, a letter request and
// its letters, a donation), downloads it as JSON, and erases it all: afterwards the address (as typed,
// canonical), the name and the keyed hash are nowhere in the database (every table, decrypted), the
// totals are unchanged, the audit entry names no address, and the link is dead.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { netByCurrency } from '../../../src/donations/totals.repo.ts';
import { hmac } from '../../../src/lib/crypto.ts';
import { canonicalEmail } from '../../../src/petitions/index.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { confirmLetters, movableClock, requestAndMail, sittingMeps, uniqueParagraph, wait } from '../../support/letters.ts';
import { addressNeedles, findTraces } from '../../support/no-trace.ts';
import { buildConfirmedSignatures, petitionId } from '../../support/signatures.ts';
import { linkIn } from '../../support/smtp.ts';
import { event, newId, sessionObject, signed, startStripeDouble, type StripeDouble } from '../../support/stripe.ts';

const HOUR = 3600_000;

describe('my-data: a supporter’s own data', () => {
  // A Wednesday morning in Brussels: letters are delivered at once.
  const clock = movableClock('2026-12-02T09:00:00Z');
  let stripe: StripeDouble;
  let t: TestApp;

  before(async () => {
    stripe = await startStripeDouble();
    t = await buildTestApp({ clock, env: stripe.env() });
    const [second] = (await t.db('petitions').insert({ slug: 'second-petition', goal: 100, status: 'open' }).returning('id')) as { id: number }[];
    await t.db.raw(
      `insert into petition_translations (petition_id, lang, title, summary, addressee, body, asks, consent, updates_consent, consent_version, source_hash)
       select ?, lang, 'The second petition', summary, addressee, body, asks, consent, updates_consent, consent_version, source_hash from petition_translations where petition_id = ?`,
      [second!.id, await petitionId(t.deps)],
    );
  });
  after(async () => {
    await t.close();
    await stripe.close();
  });
  // Each test in a new hour, so the per-IP limit of the form (20 an hour) is fresh.
  beforeEach(() => clock.advance(2 * HOUR));

  const ask = (email: string, lang = 'en') => request(t.app).post(`/${lang}/my-data`).set('Sec-Fetch-Site', 'same-origin').type('form').send({ email });
  const hashOf = (address: string) => hmac(t.deps.secrets.lookupKey, canonicalEmail(address)!);
  const api = async (slug: string) => ((await request(t.app).get(`/api/v1/petitions/${slug}`).expect(200)).body as { signatureCount: number }).signatureCount;
  async function jobsDone(): Promise<void> {
    for (let i = 0; i < 150; i += 1) {
      const [row] = (await t.db('pgboss.job').where({ name: 'email-my-data-link' }).whereIn('state', ['created', 'retry', 'active']).count('* as n')) as { n: string }[];
      if (Number(row!.n) === 0) return;
      await wait(100);
    }
    throw new Error('my-data email jobs did not finish');
  }
  /** The path of the newest my-data link emailed to the address. */
  const linkPath = (address: string) => {
    const mails = t.smtp.to(address).filter((m) => /\/my-data\/[A-Za-z0-9_-]{43}/.test(m.text ?? ''));
    return new URL(linkIn(mails.at(-1)!, /\/my-data\/[A-Za-z0-9_-]{43}/)).pathname;
  };
  const comparable = (res: request.Response) => ({ status: res.status, text: res.text, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== 'date')) });

  it('erases everything about the address (signatures on two petitions, letters, a donation): no trace in any table, the totals kept, the link dead', async () => {
    clock.set('2026-12-02T09:00:00Z');
    const name = 'Aigerim Traceable';
    const typed = ['aigerim.trace@gmail.com', 'Aigerim.Trace@GMAIL.com', 'AigerimTrace+donor@gmail.com', 'AIGERIM.TRACE@gmail.com'];
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), [{ email: typed[0], name, postcode: 'KZ-130200', public: true, updates: true, country: 'KZ' }]);
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps, 'second-petition'), [{ email: typed[1], name, country: 'KZ' }]);
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), [{ email: 'bystander.kept@example.org', name: 'Bystander Kept' }]);
    const [mep1, mep2] = sittingMeps({ country: 'DE' });
    const letterMail = await requestAndMail(t.app, t.smtp, { email: typed[1]!, name, country: 'KZ', meps: [mep1!.id, mep2!.id], followup: true, personal: uniqueParagraph('from Aktau') });
    await confirmLetters(t.app, letterMail);
    await t.smtp.waitForTo(mep1!.email!, 1);
    const { payload, header } = signed(event('checkout.session.completed', sessionObject({ id: newId('cs'), intentId: crypto.randomUUID(), mode: 'payment', amount: 2500, currency: 'eur', email: typed[2], paymentIntent: newId('pi') })));
    await request(t.app).post('/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload).expect(200);
    await t.smtp.waitForTo(typed[2]!, 1);
    await wait(300);
    const totals = async () => ({ first: await api('zhanaozen-list'), second: await api('second-petition'), letters: (await t.db('mep_letter_counts').sum('sent as n').first()) as unknown, net: await netByCurrency(t.db) });
    const before = await totals();

    assert.equal((await ask(typed[3]!)).status, 303);
    await jobsDone();
    const path = linkPath(typed[3]!);
    const page = await request(t.app).get(path).expect(200);
    assert.ok(page.text.includes(name), 'the name, decrypted');
    assert.ok(page.text.includes('The second petition'), 'both petitions');
    assert.ok(page.text.includes(mep1!.fullName), 'the letters, with their MEP');
    assert.match(page.text, /Signature 2/);
    assert.match(page.text, /Donation 1/);
    assert.match(page.text, /25\.00 EUR/);
    assert.ok(!page.text.includes('Bystander'), 'nobody else’s data');
    const json = JSON.parse((await request(t.app).get(`${path}/download`).expect(200)).text) as { records: Record<string, Record<string, unknown>[]> };
    assert.equal(json.records.signature?.length, 2);
    assert.equal(json.records['letter-request']?.length, 1);
    assert.equal(json.records.letter?.length, 2);
    assert.equal(json.records.donation?.length, 1);
    assert.deepEqual(json.records.signature!.map((s) => s.name), [name, name]);
    assert.equal(json.records.signature![0]!.shownPublicly, true);
    assert.equal(json.records.signature![0]!.consentVersion, 'test');

    const erased = await request(t.app).post(`${path}/erase`).set('Sec-Fetch-Site', 'same-origin').type('form').send('');
    assert.equal(erased.status, 303);
    assert.equal(erased.headers.location, '/en/my-data/erased');
    assert.match((await request(t.app).get('/en/my-data/erased').expect(200)).text, /Your data is erased/);
    assert.equal((await request(t.app).get(path)).status, 410, 'the link dies with the data');
    assert.equal((await request(t.app).post(`${path}/erase`).set('Sec-Fetch-Site', 'same-origin').type('form').send('')).status, 410);

    await wait(1500); // any job the erasure left (a delivery, a follow-up) has run by now
    const needles = [...typed.flatMap(addressNeedles), name, 'KZ-130200', 'from Aktau'];
    assert.deepEqual(await findTraces(t.db, { needles, hash: hashOf(typed[0]!), keys: [t.deps.secrets.encryptionKey] }), [], 'nothing of the address anywhere');
    assert.notDeepEqual(await findTraces(t.db, { needles: ['Bystander Kept'], hash: hashOf('bystander.kept@example.org'), keys: [t.deps.secrets.encryptionKey] }), [], 'the search finds what is there');
    assert.deepEqual(await totals(), before, 'the totals are unchanged');

    const entry = (await t.db('audit_log').where({ action: 'erasure-request.completed' }).orderBy('id', 'desc').first()) as { actor: string; subject: string; details: { erased: Record<string, number>; removedFromTotals: boolean } };
    assert.equal(entry.actor, 'signer');
    assert.match(entry.subject, /^erasure:[0-9a-f-]{36}$/);
    assert.equal(entry.details.removedFromTotals, false);
    assert.equal(entry.details.erased.signatures, 2);
    assert.equal(entry.details.erased.letters, 3, 'the request and its two letters');
    assert.equal(entry.details.erased.donations, 1);
    assert.ok(!/aigerim/i.test(JSON.stringify(entry)));
  });

  it('erasing cancels letters not yet confirmed: their texts and fingerprints go, the emailed confirmation link dies, nothing is sent', async () => {
    clock.set('2026-12-03T09:00:00Z');
    const address = 'pending.writer@example.org';
    const [mep] = sittingMeps({ country: 'FR' });
    const mail = await requestAndMail(t.app, t.smtp, { email: address, name: 'Pending Writer', country: 'FR', meps: [mep!.id], personal: uniqueParagraph('never sent') });
    const confirm = new URL(linkIn(mail, /\/letters\/confirm\//)).pathname;
    await ask(address);
    await jobsDone();
    const path = linkPath(address);
    const json = JSON.parse((await request(t.app).get(`${path}/download`).expect(200)).text) as { records: Record<string, Record<string, unknown>[]> };
    assert.equal(json.records.letter?.[0]?.state, 'pending');
    assert.match(String(json.records.letter?.[0]?.body), /never sent/, 'the letter’s text, decrypted');
    const letterId = ((await t.db('letters').where({ email_hash: hashOf(address) }).first('id')) as { id: string }).id;
    await request(t.app).post(`${path}/erase`).set('Sec-Fetch-Site', 'same-origin').type('form').send('').expect(303);
    const letter = (await t.db('letters').where({ id: letterId }).first('state', 'subject_enc', 'body_enc', 'email_hash')) as Record<string, unknown>;
    assert.deepEqual(letter, { state: 'cancelled', subject_enc: null, body_enc: null, email_hash: null });
    assert.equal(await t.db('letter_fingerprints').where({ letter_id: letterId }).first(), undefined);
    assert.notEqual((await request(t.app).post(confirm).set('Sec-Fetch-Site', 'same-origin').type('form').send('')).status, 303, 'the confirmation link no longer confirms');
    await wait(1000);
    assert.equal(t.smtp.to(mep!.email!).length, 0, 'no letter went to the MEP');
    assert.deepEqual(await findTraces(t.db, { needles: [...addressNeedles(address), 'Pending Writer', 'never sent'], hash: hashOf(address), keys: [t.deps.secrets.encryptionKey] }), []);
  });

  it('answers the same for a known and an unknown address, queues the same job, and emails only the known one', async () => {
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), [{ email: 'known.person@example.org', name: 'Known Person' }]);
    const known = await ask('known.person@example.org');
    const unknown = await ask('nobody.here@example.org');
    assert.equal(known.status, 303);
    assert.equal(known.headers.location, '/en/my-data/sent');
    assert.deepEqual(comparable(known), comparable(unknown));
    assert.equal(known.headers['set-cookie'], undefined);
    const [queued] = (await t.db('pgboss.job').where({ name: 'email-my-data-link' }).count('* as n')) as { n: string }[];
    assert.ok(Number(queued!.n) >= 2, 'a job for each');
    await jobsDone();
    assert.equal(t.smtp.to('known.person@example.org').length, 1);
    assert.equal(t.smtp.to('nobody.here@example.org').length, 0);
    assert.equal(Number(((await t.db('my_data_requests').count('* as n')) as { n: string }[])[0]!.n), 0, 'no address kept once the job ran');
    const sent = await request(t.app).get('/en/my-data/sent').expect(200);
    assert.match(sent.text, /If we hold anything about this address, a link to it is on its way/);
  });

  it('the link shows exactly that person’s data, never cached, no referrer; the download is the same records as JSON', async () => {
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), [{ email: 'dana.one@example.org', name: 'Dana One', country: 'LT' }]);
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), [{ email: 'erlan.two@example.org', name: 'Erlan Two' }]);
    await ask('Dana.One@example.org', 'ru');
    await jobsDone();
    const mail = t.smtp.to('Dana.One@example.org')[0]!;
    assert.equal(mail.subject, 'Ваши данные на Dauys');
    const path = linkPath('Dana.One@example.org');
    assert.match(path, /^\/ru\/my-data\//);
    const page = await request(t.app).get(path).expect(200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.equal(page.headers['set-cookie'], undefined);
    assert.ok(page.text.includes('Dana One'));
    assert.ok(!page.text.includes('Erlan Two'));
    assert.match(page.text, /Литва/, 'the country in the page’s language');
    assert.match(page.text, /method="post" action="\/ru\/my-data\/[A-Za-z0-9_-]{43}\/erase"/);
    const download = await request(t.app).get(`${path}/download`).expect(200);
    assert.match(String(download.headers['content-type']), /^application\/json/);
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="dauys-my-data\.json"$/);
    assert.equal(download.headers['cache-control'], 'private, no-store');
    const json = JSON.parse(download.text) as { records: { signature: { name: string; email: string; country: string }[] } };
    assert.deepEqual(json.records.signature.map((s) => [s.name, s.email, s.country]), [['Dana One', 'dana.one@example.org', 'LT']]);
  });

  it('a link works for an hour; expired or unknown, it shows nothing and offers to ask again, translated', async () => {
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), [{ email: 'hour.glass@example.org', name: 'Hour Glass' }]);
    await ask('hour.glass@example.org', 'pl');
    await jobsDone();
    const path = linkPath('hour.glass@example.org');
    clock.advance(59 * 60_000);
    assert.equal((await request(t.app).get(path)).status, 200);
    clock.advance(2 * 60_000);
    for (const res of [await request(t.app).get(path), await request(t.app).get(`${path}/download`), await request(t.app).post(`${path}/erase`).set('Sec-Fetch-Site', 'same-origin').type('form').send('')]) {
      assert.equal(res.status, 410);
      assert.match(res.text, /Ten link już nie działa/);
      assert.match(res.text, /href="\/pl\/my-data"/);
      assert.ok(!res.text.includes('Hour Glass'));
      assert.equal(res.headers['cache-control'], 'private, no-store');
    }
    assert.equal((await request(t.app).get(`/pl/my-data/${'A'.repeat(43)}`)).status, 410);
    assert.ok(await t.db('signatures').where({ email_hash: hashOf('hour.glass@example.org') }).first('id'), 'nothing was erased');
  });

  it('at most three emails per address a day, and 20 requests an hour per IP; over a limit, the same answer and no email', async () => {
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), [{ email: 'many.times@example.org' }]);
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(comparable(await ask(i % 2 ? 'Many.Times@example.org' : 'many.times@example.org')));
    for (const a of answers) assert.deepEqual(a, answers[0]);
    await jobsDone();
    assert.equal(t.smtp.to('many.times@example.org').length, 3);
    clock.advance(25 * HOUR);
    await ask('many.times@example.org');
    await jobsDone();
    assert.equal(t.smtp.to('many.times@example.org').length, 4, 'a new day, a new email');

    clock.advance(2 * HOUR);
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), [{ email: 'after.flood@example.org' }]);
    for (let i = 0; i < 20; i += 1) assert.equal((await ask(`flood.${i}@example.org`)).status, 303);
    const over = await ask('after.flood@example.org');
    assert.deepEqual(comparable(over), answers[0]);
    await jobsDone();
    assert.equal(t.smtp.to('after.flood@example.org').length, 0, 'the 21st request of the hour from one IP sends nothing');
  });

  it('a bad address gets the form again with a translated error and the value kept; the form page is public and cacheable', async () => {
    const res = await ask('not-an-address', 'kk');
    assert.equal(res.status, 422);
    assert.match(res.text, /Электрондық пошта мекенжайын енгізіңіз/);
    assert.match(res.text, /value="not-an-address"/);
    assert.match(res.text, /class="error-summary"/);
    const form = await request(t.app).get('/en/my-data').expect(200);
    assert.match(String(form.headers['cache-control']), /^public/);
    assert.equal(form.headers['set-cookie'], undefined);
    assert.match(form.text, /<form method="post" action="\/en\/my-data"/);
    assert.equal((await request(t.app).post('/en/my-data').set('Sec-Fetch-Site', 'cross-site').type('form').send({ email: 'x@example.org' })).status, 403);
  });
});
