// The embed page for partner sites' frames: framable only by the listed origins, cacheable, cookie-less,
// every link and resource on our origin; signing from inside the frame (303 to the framable check-email
// page, 422 with values kept), with the petitions' own validation, double opt-in and answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { hiddenField } from '../../support/forms.ts';
import { linkIn } from '../../support/smtp.ts';
import { EMBED, frameAncestorsOf, setPartners, settle } from './support.ts';

const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin' };
const PARTNER = 'https://partner.example.org';
const OTHER = 'http://127.0.0.1:45123';

async function openEmbed(t: TestApp, path = EMBED) {
  const page = await request(t.app).get(path).expect(200);
  return { page, rendered: hiddenField(page.text, 'rendered') };
}

const fields = (email: string, extra: Record<string, string> = {}) => ({ name: 'Frame Signer', email, country: 'PL', consent: 'on', ...extra });

describe('embed page', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp()));
  after(() => t.close());

  it('GET embed, no partners: frame-ancestors none, publicly cacheable with an ETag, no cookie, no script, our origin only', async () => {
    await setPartners(t.deps, []);
    await settle();
    const res = await request(t.app).get(EMBED).expect(200);
    assert.equal(frameAncestorsOf(res.headers), "'none'");
    assert.equal(res.headers['x-frame-options'], undefined, 'X-Frame-Options cannot list origins: the embed leaves it to the CSP');
    const csp = String(res.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) assert.ok(csp.includes(directive), directive);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.match(String(res.headers['cache-control']), /^public, .*s-maxage=2\b/);
    assert.ok(res.headers.etag);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.doesNotMatch(res.text, /<script/i, 'the embed needs no script');
    assert.doesNotMatch(res.text, /\sstyle=|<style/i);
    const urls = [...res.text.matchAll(/\s(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(urls.length > 3);
    for (const url of urls) assert.match(url, /^(\/(?!\/)|#)/, `${url} stays on our origin`);
    assert.deepEqual([...res.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]), ['/css/embed.css']);
    // The form: the public form's field names, posting to the embed route on our origin.
    assert.match(res.text, new RegExp(`<form class="embed__form" method="post" action="${EMBED}/signatures"`));
    for (const name of ['name', 'email', 'country', 'postcode', 'public', 'consent', 'updates', 'rendered', 'website']) assert.match(res.text, new RegExp(`name="${name}"`), name);
    assert.match(res.text, /<a href="\/en\/privacy" target="_blank" rel="noopener">/);
    const consent = await t.db('petition_translations').where({ lang: 'en' }).first('consent');
    assert.ok(res.text.includes(String(consent.consent).replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&#34;')), 'the consent text is shown');
    assert.match(res.text, /goal/);

    const again = await request(t.app).get(EMBED).set('If-None-Match', res.headers.etag!).expect(304);
    assert.equal(frameAncestorsOf(again.headers), "'none'");
  });

  it('GET embed in each language: <html lang> and the translated count', async () => {
    for (const lang of ['en', 'ru', 'kk', 'pl']) {
      const res = await request(t.app).get(`/embed/${lang}/petitions/zhanaozen-list`).expect(200);
      assert.match(res.text, new RegExp(`<html lang="${lang}"`));
      assert.match(res.text, new RegExp(`action="/embed/${lang}/petitions/zhanaozen-list/signatures"`));
    }
  });

  it('partners listed: frame-ancestors names exactly them, and the ETag changes with the list', async () => {
    await setPartners(t.deps, []);
    await settle();
    const before = await request(t.app).get(EMBED).expect(200);
    await setPartners(t.deps, [PARTNER, OTHER]);
    await settle();
    const res = await request(t.app).get(EMBED).expect(200);
    assert.equal(frameAncestorsOf(res.headers), `${OTHER} ${PARTNER}`);
    assert.notEqual(res.headers.etag, before.headers.etag, 'a cached copy with the old header is not revalidated as fresh');
    const revalidated = await request(t.app).get(EMBED).set('If-None-Match', before.headers.etag!).expect(200);
    assert.equal(frameAncestorsOf(revalidated.headers), `${OTHER} ${PARTNER}`);
    // Only the embed: the petition page itself stays unframable.
    const petition = await request(t.app).get('/en/petitions/zhanaozen-list').expect(200);
    assert.equal(frameAncestorsOf(petition.headers), "'none'");
    assert.equal(petition.headers['x-frame-options'], 'DENY');
  });

  it('sign from the frame: 303 to the framable check-email page, a pending signature in the frame language, the confirmation email; no cookie', async () => {
    await setPartners(t.deps, [PARTNER]);
    await settle();
    const { rendered } = await openEmbed(t, '/embed/ru/petitions/zhanaozen-list');
    const email = 'frame.signer@example.org';
    const res = await request(t.app).post('/embed/ru/petitions/zhanaozen-list/signatures').set(SAME_ORIGIN).type('form').send({ ...fields(email), rendered }).expect(303);
    assert.equal(res.headers.location, '/embed/ru/petitions/zhanaozen-list/check-email');
    assert.equal(frameAncestorsOf(res.headers), PARTNER);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['cache-control'], 'private, no-store');

    const check = await request(t.app).get(res.headers.location!).expect(200);
    assert.equal(frameAncestorsOf(check.headers), PARTNER);
    assert.equal(check.headers['x-frame-options'], undefined);
    assert.equal(check.headers['cache-control'], 'private, no-store');
    assert.equal(check.headers['set-cookie'], undefined);
    assert.match(check.text, /<html lang="ru"/);
    assert.match(check.text, /<link rel="stylesheet" href="\/css\/embed.css">/);

    const [mail] = await t.smtp.waitForTo(email, 1);
    assert.ok(mail);
    assert.match(linkIn(mail, /\/ru\/confirm\//), /^http:\/\/localhost:3000\/ru\/confirm\//);
    const row = await t.db('signatures').orderBy('id', 'desc').first('state', 'lang', 'country', 'flags');
    assert.equal(row.state, 'pending');
    assert.equal(row.lang, 'ru');
    assert.equal(row.country, 'PL');
  });

  it('the same address again: the same answer (never says it signed before)', async () => {
    const email = 'twice.frame@example.org';
    const first = await request(t.app).post(`${EMBED}/signatures`).set(SAME_ORIGIN).type('form').send(fields(email)).expect(303);
    const second = await request(t.app).post(`${EMBED}/signatures`).set(SAME_ORIGIN).type('form').send(fields(email.toUpperCase())).expect(303);
    assert.equal(second.headers.location, first.headers.location);
    assert.equal(second.text, first.text);
  });

  it('invalid form: 422 with the values kept, a translated error summary, framable by the partners, private', async () => {
    await setPartners(t.deps, [PARTNER]);
    await settle();
    const before = Number((await t.db('signatures').count('* as n'))[0]!.n);
    const res = await request(t.app).post('/embed/pl/petitions/zhanaozen-list/signatures').set(SAME_ORIGIN).type('form').send({ name: 'Łucja <b>Kept</b>', email: 'not-an-address', country: 'PL', postcode: '00-950' }).expect(422);
    assert.equal(frameAncestorsOf(res.headers), PARTNER);
    assert.equal(res.headers['x-frame-options'], undefined);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(res.text, /<html lang="pl"/);
    assert.match(res.text, /class="error-summary" role="alert"/);
    assert.match(res.text, /<a href="#email">/);
    assert.match(res.text, /<a href="#consent">/);
    assert.match(res.text, /value="Łucja &lt;b&gt;Kept&lt;\/b&gt;"/, 'the name is kept, escaped');
    assert.match(res.text, /value="not-an-address"/);
    assert.match(res.text, /value="00-950"/);
    assert.match(res.text, /<option value="PL" selected>/);
    const pl = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync('locales/pl/petitions.json', 'utf8'))) as { errors: { email: string } };
    assert.ok(res.text.includes(pl.errors.email), 'the error in Polish');
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), before);
  });

  it('a cross-site post (a partner page posting itself, not the frame) is refused and stores nothing', async () => {
    const before = Number((await t.db('signatures').count('* as n'))[0]!.n);
    await request(t.app).post(`${EMBED}/signatures`).set({ 'Sec-Fetch-Site': 'cross-site', Origin: PARTNER }).type('form').send(fields('forged@example.org')).expect(403);
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), before);
  });

  it('the honeypot filled: the same 303, nothing stored', async () => {
    const before = Number((await t.db('signatures').count('* as n'))[0]!.n);
    const res = await request(t.app).post(`${EMBED}/signatures`).set(SAME_ORIGIN).type('form').send(fields('bot@example.org', { website: 'http://spam.example' })).expect(303);
    assert.equal(res.headers.location, `${EMBED}/check-email`);
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), before);
  });

  it('an unknown petition: 404 in every embed route', async () => {
    await request(t.app).get('/embed/en/petitions/no-such-petition').expect(404);
    await request(t.app).get('/embed/en/petitions/no-such-petition/check-email').expect(404);
    await request(t.app).post('/embed/en/petitions/no-such-petition/signatures').set(SAME_ORIGIN).type('form').send(fields('x@example.org')).expect(404);
    await request(t.app).get('/embed/xx/petitions/zhanaozen-list').expect(404);
  });
});
