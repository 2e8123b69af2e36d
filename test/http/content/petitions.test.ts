// A petition's goal and milestones, closing and opening it, and new petitions: each validated (422 with
// the values kept), audited in the transaction of the change, and followed at once by the public page,
// the API and the signing form; a new petition's page falls back to English (with a notice) in the
// languages it has no text in yet, and it appears in the sitemap.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { linkIn } from '../../support/smtp.ts';
import { openForm, signatureFields } from '../../support/forms.ts';
import { makeAccount, movableClock, signedIn, type Browser } from '../admin/support.ts';
import { petitionText, submit } from './support.ts';

const SLUG = 'zhanaozen-list';
const PAGE = `/admin/content/petitions/${SLUG}`;

describe('organisers’ petitions: goal, open and close, new petitions', () => {
  const clock = movableClock(new Date('2026-12-02T09:00:00Z').getTime());
  let t: TestApp;
  let browser: Browser;
  const audits = (action: string) => t.db('audit_log').where({ action }).orderBy('id').select('subject', 'details');

  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    browser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), clock.now());
  });
  after(() => t.close());

  it('goal and milestones: bad values are a 422 with the values kept', async () => {
    for (const [fields, field] of [
      [{ goal: 'ten', milestones: '100' }, 'goal'],
      [{ goal: '0', milestones: '' }, 'goal'],
      [{ goal: '5000', milestones: '100, x' }, 'milestones'],
      [{ goal: '5000', milestones: '100, 100' }, 'milestones'],
      [{ goal: '5000', milestones: '100, 6000' }, 'milestones'],
    ] as const) {
      const res = await submit(browser, PAGE, `${PAGE}/settings`, fields);
      assert.equal(res.status, 422, JSON.stringify(fields));
      assert.match(res.text, new RegExp(`href="#${field}"`));
      assert.match(res.text, new RegExp(`value="${fields.milestones}"`));
    }
    assert.deepEqual(await audits('petition.goal-changed'), []);
  });

  it('a new goal is audited and shows at once in the API and on the page', async () => {
    const apiBefore = await request(t.app).get(`/api/v1/petitions/${SLUG}`).expect(200);
    assert.equal(apiBefore.body.goal, 10000);
    const res = await submit(browser, PAGE, `${PAGE}/settings`, { goal: '20 000', milestones: '15000; 500, 2500' });
    assert.equal(res.status, 303);
    const row = await t.db('petitions').where({ slug: SLUG }).first('id', 'goal', 'milestones');
    assert.equal(row.goal, 20000);
    assert.deepEqual(row.milestones, [500, 2500, 15000]);
    const [goal] = await audits('petition.goal-changed');
    assert.equal(goal?.subject, `petition:${row.id}`);
    assert.deepEqual(goal?.details, { slug: SLUG, from: 10000, to: 20000 });
    assert.equal((await audits('petition.milestones-changed')).length, 1);
    const api = await request(t.app).get(`/api/v1/petitions/${SLUG}`).expect(200);
    assert.equal(api.body.goal, 20000);
    assert.notEqual(api.headers.etag, apiBefore.headers.etag);
    const page = await request(t.app).get(`/en/petitions/${SLUG}`).expect(200);
    assert.match(page.text, /0 signatures of 500/); // the next milestone
  });

  it('closing: the page says so at once, a signature is refused with a translated message, closed_at is set; opening again', async () => {
    const { agent, rendered } = await openForm(t.app, `/pl/petitions/${SLUG}`);
    const res = await submit(browser, PAGE, `${PAGE}/status`, { status: 'closed' });
    assert.equal(res.status, 303);
    const row = await t.db('petitions').where({ slug: SLUG }).first('status', 'closed_at');
    assert.equal(row.status, 'closed');
    assert.equal(row.closed_at.toISOString(), clock.now().toISOString());
    assert.equal((await audits('petition.closed')).length, 1);
    const page = await request(t.app).get(`/pl/petitions/${SLUG}`).expect(200);
    assert.match(page.text, /Ta petycja jest zamknięta/);
    assert.doesNotMatch(page.text, /\/signatures#sign/);
    const refused = await agent.post(`/pl/petitions/${SLUG}/signatures`).type('form').send({ ...signatureFields({}), rendered });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /<h1>Ta petycja jest zamknięta/);
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), 0);
    const overview = await browser.get(PAGE);
    assert.match(overview.text, /This petition was closed on 2 December 2026/);

    assert.equal((await submit(browser, PAGE, `${PAGE}/status`, { status: 'open' })).status, 303);
    const reopened = await t.db('petitions').where({ slug: SLUG }).first('status', 'closed_at');
    assert.deepEqual(reopened, { status: 'open', closed_at: null });
    assert.equal((await audits('petition.opened')).length, 1);
    assert.match((await request(t.app).get(`/pl/petitions/${SLUG}`)).text, /\/signatures#sign/);
    assert.equal((await submit(browser, PAGE, `${PAGE}/status`, { status: 'sideways' })).status, 422);
  });

  it('a new petition: bad or taken slugs are a 422 with the values kept', async () => {
    for (const slug of ['Bad Slug', '-dash', 'a'.repeat(81), 'zhanaozen-list', '']) {
      const res = await submit(browser, '/admin/content', '/admin/content/petitions', { slug, goal: '1000', milestones: '' });
      assert.equal(res.status, 422, slug);
      assert.match(res.text, /href="#slug"/);
      assert.match(res.text, new RegExp(`value="${slug.slice(0, 100)}"`));
    }
    assert.deepEqual(await audits('petition.created'), []);
  });

  it('a new petition has no page until it has a text; then it is on the site in every language (English with a notice where it has none), in the API and the sitemap', async () => {
    const res = await submit(browser, '/admin/content', '/admin/content/petitions', { slug: 'release-now', goal: '5000', milestones: '1000' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/admin/content/petitions/release-now?done=created');
    const [created] = await audits('petition.created');
    assert.deepEqual(created?.details, { slug: 'release-now', goal: 5000, milestones: [1000] });
    assert.equal((await request(t.app).get('/en/petitions/release-now')).status, 404);
    const overview = await browser.get('/admin/content/petitions/release-now');
    assert.match(overview.text, /Missing languages:<\/strong> English, Русский, Қазақша, Polski/);

    const form = '/admin/content/petitions/release-now/texts/en';
    assert.equal((await submit(browser, form, form, petitionText({ title: 'Release them now' }))).status, 303);
    const en = await request(t.app).get('/en/petitions/release-now').expect(200);
    assert.match(en.text, /<h1>Release them now<\/h1>/);
    assert.doesNotMatch(en.text, /not been translated/);
    const pl = await request(t.app).get('/pl/petitions/release-now').expect(200);
    assert.match(pl.text, /<html lang="pl"/);
    assert.match(pl.text, /<article class="petition__text" lang="en">/);
    assert.match(pl.text, /Ta petycja nie została jeszcze przetłumaczona na ten język. Wyświetlamy ją w języku: English/);
    assert.match(pl.text, /<h1>Release them now<\/h1>/);
    const api = await request(t.app).get('/api/v1/petitions/release-now').expect(200);
    assert.deepEqual({ slug: api.body.slug, goal: api.body.goal, signatureCount: api.body.signatureCount }, { slug: 'release-now', goal: 5000, signatureCount: 0 });
    const later = await t.instance({ workers: false }); // the sitemap is kept a minute per instance
    const sitemap = await request(later.app).get('/sitemap.xml').expect(200);
    assert.match(sitemap.text, /<loc>http:\/\/localhost:3000\/kk\/petitions\/release-now<\/loc>/);

    // Signing in Polish: the signer agreed to the English wording the page showed them.
    const { agent, rendered } = await openForm(t.app, '/pl/petitions/release-now');
    const signed = await agent.post('/pl/petitions/release-now/signatures').type('form').send({ ...signatureFields({ email: 'pl-signer@example.org' }), rendered });
    assert.equal(signed.status, 303);
    const consent = await t.db('petition_translations as t').join('petitions as p', 'p.id', 't.petition_id').where({ 'p.slug': 'release-now', 't.lang': 'en' }).first('t.consent_version');
    const signature = await t.db('signatures as s').join('petitions as p', 'p.id', 's.petition_id').where({ 'p.slug': 'release-now' }).first('s.lang', 's.consent_version');
    assert.deepEqual(signature, { lang: 'pl', consent_version: consent.consent_version });
    // Its confirmation email goes out (in Polish, naming the petition by the title the signer saw).
    await t.instance({ workers: true });
    const mail = (await t.smtp.waitForTo('pl-signer@example.org', 1))[0]!;
    assert.match(mail.text ?? '', /Release them now/);
    assert.match(mail.html || '', /<html lang="pl"/);
    assert.ok(linkIn(mail, /\/pl\/confirm\//));
  });
});
