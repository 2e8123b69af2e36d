// Editing a petition's text per language: the list shows which languages are missing; the preview renders
// the Markdown as the public page will and saves nothing; a save is audited, sets edited_at, survives the
// default-content loader, and shows on the very next public request here (new ETag) and within a few
// seconds on a second instance; bad input is a 422 with the values kept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { loadAllDefaultContent } from '../../../src/capabilities.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { makeAccount, movableClock, signedIn, type Account, type Browser } from '../admin/support.ts';
import { CONTENT_POLL_MS } from '../../../src/lib/content-version.ts';
import { petitionText, submit } from './support.ts';

const SLUG = 'zhanaozen-list';
const FORM = `/admin/content/petitions/${SLUG}/texts/ru`;

describe('organisers’ petition texts', () => {
  const clock = movableClock(new Date('2026-12-02T09:00:00Z').getTime());
  let t: TestApp;
  let organiser: Account;
  let browser: Browser;

  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    organiser = await makeAccount(t.deps, 'organiser');
    browser = await signedIn(t.app, organiser, clock.now());
  });
  after(() => t.close());

  it('the list shows each petition and campaign with its languages, and says which are missing', async () => {
    const id = ((await t.db('petitions').where({ slug: SLUG }).first('id')) as { id: number }).id;
    await t.db('petition_translations').where({ petition_id: id, lang: 'kk' }).delete();
    const page = await browser.get('/admin/content');
    assert.equal(page.status, 200);
    assert.match(page.text, /For a Zhanaozen list/);
    assert.match(page.text, /Missing language:<\/strong> Қазақша/);
    assert.match(page.text, /href="\/admin\/content\/petitions\/zhanaozen-list\/texts\/kk" lang="kk">Қазақша<\/a> <span class="meta">missing/);
    assert.match(page.text, /href="\/admin\/content\/campaigns\/zhanaozen\/texts\/pl"/);
    assert.match(page.text, /Written in all four languages/); // the campaign
    const form = await browser.get(`/admin/content/petitions/${SLUG}/texts/kk`);
    assert.equal(form.status, 200);
    assert.match(form.text, /There is no text in this language yet/);
  });

  it('a moderator may not open the content pages', async () => {
    const moderator = await signedIn(t.app, await makeAccount(t.deps, 'moderator'), clock.now());
    assert.equal((await moderator.get('/admin/content')).status, 403);
  });

  it('the form holds the stored text; the preview renders its Markdown safely and saves nothing', async () => {
    const form = await browser.get(FORM);
    assert.equal(form.status, 200);
    assert.match(form.text, /Жанаозен/);
    const before = await t.db('petition_translations').where({ lang: 'ru' }).first('title', 'edited_at');
    const preview = await submit(browser, FORM, FORM, petitionText({ action: 'preview', body: 'Hello **world** [1]\n\n<script>alert(1)</script> [x](javascript:alert(1))' }));
    assert.equal(preview.status, 200);
    assert.match(preview.text, /<strong>world<\/strong><sup class="ref"><a href="\/ru\/#source-1" aria-label="Источник 1">\[1\]<\/a><\/sup>/);
    assert.match(preview.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(preview.text, /<script>alert|href="javascript:/i);
    assert.match(preview.text, /value="Free the oil workers"/); // the values are kept
    const after = await t.db('petition_translations').where({ lang: 'ru' }).first('title', 'edited_at');
    assert.deepEqual(after, before);
  });

  it('bad input: 422, an error summary naming each field, the values kept, nothing saved', async () => {
    const res = await submit(browser, FORM, FORM, petitionText({ title: '   ', asks: '', consent: 'x'.repeat(1001), summary: 'kept <b>summary</b>' }));
    assert.equal(res.status, 422);
    assert.match(res.text, /class="error-summary"/);
    assert.match(res.text, /href="#title"[^]*href="#asks"[^]*href="#consent"/);
    assert.match(res.text, /kept &lt;b&gt;summary&lt;\/b&gt;/);
    assert.equal(await t.db('audit_log').where({ action: 'content.edited' }).first(), undefined);
  });

  it('a save is audited with the language and the fields changed, and sets edited_at', async () => {
    const res = await submit(browser, FORM, FORM, petitionText({ title: 'Новый заголовок петиции', body: 'Новый **текст** петиции.\n\n- первое\n- второе' }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${FORM}?done=saved`);
    const row = await t.db('petition_translations as t').join('petitions as p', 'p.id', 't.petition_id').where({ 'p.slug': SLUG, 't.lang': 'ru' }).first('t.title', 't.edited_at', 't.consent_version', 'p.id');
    assert.equal(row.title, 'Новый заголовок петиции');
    assert.ok(row.edited_at instanceof Date);
    const entry = await t.db('audit_log').where({ action: 'content.edited' }).first('actor', 'subject', 'details');
    assert.equal(entry.actor, `user:${organiser.id}`);
    assert.equal(entry.subject, `petition:${row.id}`);
    assert.equal(entry.details.lang, 'ru');
    assert.deepEqual(entry.details.fields, ['title', 'summary', 'addressee', 'body', 'asks', 'consent', 'updatesConsent']);
    assert.doesNotMatch(JSON.stringify(entry.details), /Новый|oil workers/); // no text in the log, only field names
  });

  it('the public page shows the edit on the next request, with a new ETag, and a second instance within a few seconds', async () => {
    const other = await t.instance({ workers: false });
    const stale = await request(other.app).get(`/ru/petitions/${SLUG}`).expect(200); // cached there now
    const beforeEdit = await request(t.app).get(`/ru/petitions/${SLUG}`).expect(200);
    const form = FORM;
    const res = await submit(browser, form, form, petitionText({ title: 'Заголовок после правки', body: 'Абзац *после* правки.' }));
    assert.equal(res.status, 303);
    const here = await request(t.app).get(`/ru/petitions/${SLUG}`).expect(200);
    assert.match(here.text, /<h1>Заголовок после правки<\/h1>/);
    assert.match(here.text, /<div class="petition__body"><p>Абзац <em>после<\/em> правки.<\/p>/);
    assert.match(here.headers['cache-control']!, /public/);
    assert.notEqual(here.headers.etag, beforeEdit.headers.etag);
    const revalidated = await request(t.app).get(`/ru/petitions/${SLUG}`).set('If-None-Match', beforeEdit.headers.etag!);
    assert.equal(revalidated.status, 200); // the old copy is not fresh any more
    assert.doesNotMatch(stale.text, /Заголовок после правки/);
    // The other instance asks for the content version at most once a CONTENT_POLL_MS: its first request
    // after that (without any TTL having run out: its catalog keeps petitions for 5 s) shows the edit.
    await new Promise((resolve) => setTimeout(resolve, CONTENT_POLL_MS + 100));
    const there = await request(other.app).get(`/ru/petitions/${SLUG}`).expect(200);
    assert.match(there.text, /<h1>Заголовок после правки<\/h1>/);
    assert.notEqual(there.headers.etag, stale.headers.etag);
    assert.equal(there.headers.etag, (await request(t.app).get(`/ru/petitions/${SLUG}`)).headers.etag); // the same page on both
  });

  it('the default-content loader (a restart) keeps the organiser’s edit, and still fills what nobody edited', async () => {
    const id = ((await t.db('petitions').where({ slug: SLUG }).first('id')) as { id: number }).id;
    await t.db('petition_translations').where({ petition_id: id, lang: 'en' }).update({ source_hash: 'outdated' });
    await loadAllDefaultContent(t.db);
    const restarted = await t.instance({ workers: false });
    const page = await request(restarted.app).get(`/ru/petitions/${SLUG}`).expect(200);
    assert.match(page.text, /Заголовок после правки/);
    const en = await t.db('petition_translations').where({ petition_id: id, lang: 'en' }).first('source_hash', 'edited_at');
    assert.notEqual(en.source_hash, 'outdated'); // not edited: the file's text was loaded again
    assert.equal(en.edited_at, null);
  });

  it('a signature after a consent edit records the new wording’s version', async () => {
    const { openForm, signatureFields } = await import('../../support/forms.ts');
    const { rendered, agent } = await openForm(t.app, `/ru/petitions/${SLUG}`);
    const res = await agent.post(`/ru/petitions/${SLUG}/signatures`).type('form').send({ ...signatureFields({ email: 'consent-edit@example.org' }), rendered });
    assert.equal(res.status, 303);
    const stored = await t.db('petition_translations').where({ lang: 'ru' }).first('consent_version');
    const signatures = await t.db('signatures').where({ lang: 'ru' }).pluck('consent_version');
    assert.ok(signatures.length >= 1);
    assert.ok(signatures.every((v) => v === stored.consent_version));
  });
});
