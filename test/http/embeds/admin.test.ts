// The organisers' embed page: organisers and admins set a petition's partner origins (validated, 422
// with the text kept, audited), and copy the iframe and badge snippets with the public base URL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { csrfOf, makeAccount, signedIn, type Browser } from '../admin/support.ts';
import { petitionId } from '../../support/signatures.ts';
import { EMBED, frameAncestorsOf, settle } from './support.ts';

const PAGE = '/admin/embeds/zhanaozen-list';

describe('organisers: embed partners and snippets', () => {
  let t: TestApp;
  let organiser: Browser;
  before(async () => {
    t = await buildTestApp({ workers: false });
    organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), t.deps.clock.now());
  });
  after(() => t.close());

  const save = async (browser: Browser, origins: string) => {
    const page = await browser.get(PAGE);
    return browser.post(PAGE, { origins, _csrf: csrfOf(page.text) });
  };

  it('the list page links each petition; the petition page shows the snippets, escaped, with BASE_URL', async () => {
    const list = await organiser.get('/admin/embeds');
    assert.equal(list.status, 200);
    assert.match(list.text, /href="\/admin\/embeds\/zhanaozen-list"/);
    const page = await organiser.get(PAGE);
    assert.equal(page.status, 200);
    assert.match(page.text, /<textarea[^>]*id="iframe-en"[^>]*readonly[^>]*>&lt;iframe src=&#34;http:\/\/localhost:3000\/embed\/en\/petitions\/zhanaozen-list&#34;/);
    assert.match(page.text, /<textarea[^>]*id="badge-pl"[^>]*readonly[^>]*>&lt;a href=&#34;http:\/\/localhost:3000\/pl\/petitions\/zhanaozen-list&#34;&gt;&lt;img src=&#34;http:\/\/localhost:3000\/api\/v1\/petitions\/zhanaozen-list\/badge.svg\?lang=pl&#34;/);
    assert.doesNotMatch(page.text, /<iframe/, 'the snippet is text, never markup');
  });

  it('saves valid origins (normalised, de-duplicated), audited with counts only; the embed is framable by them', async () => {
    const res = await save(organiser, 'https://Partner.Example.org\n\nhttps://partner.example.org/\nhttp://localhost:8080\r\nhttps://xn--80ak6aa92e.example:8443');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${PAGE}?saved=1`);
    const rows = (await t.db('embed_partner_origins').where({ petition_id: await petitionId(t.deps) }).orderBy('origin').pluck('origin')) as string[];
    assert.deepEqual(rows, ['http://localhost:8080', 'https://partner.example.org', 'https://xn--80ak6aa92e.example:8443']);
    const entry = await t.db('audit_log').where({ action: 'embed-origins.updated' }).orderBy('id', 'desc').first();
    assert.ok(entry);
    assert.equal(entry.subject, `petition:${await petitionId(t.deps)}`);
    assert.deepEqual(entry.details, { origins: 3, added: 3, removed: 0 });
    assert.doesNotMatch(JSON.stringify(entry), /partner\.example/);

    const shown = await organiser.get(`${PAGE}?saved=1`);
    assert.match(shown.text, /http:\/\/localhost:8080\nhttps:\/\/partner.example.org/);
    await settle();
    const embed = await request(t.app).get(EMBED).expect(200);
    assert.equal(frameAncestorsOf(embed.headers), 'http://localhost:8080 https://partner.example.org https://xn--80ak6aa92e.example:8443');

    assert.equal((await save(organiser, 'https://partner.example.org')).status, 303);
    const last = await t.db('audit_log').where({ action: 'embed-origins.updated' }).orderBy('id', 'desc').first();
    assert.deepEqual(last.details, { origins: 1, added: 0, removed: 2 });
  });

  it('refuses anything that is not exactly an origin: 422, the text kept, every bad line in the summary, nothing changed', async () => {
    assert.equal((await save(organiser, 'https://kept.example.org')).status, 303);
    const bad = ['*', 'https://*.example.org', 'http://partner.example.org', 'https://example.org/path', 'https://example.org?x=1', 'https://user@example.org', 'ftp://example.org', 'example.org', "https://a.org 'unsafe-inline'", 'https://[::1]:3000', 'javascript:alert(1)'];
    const res = await save(organiser, ['https://fine.example.org', ...bad].join('\n'));
    assert.equal(res.status, 422);
    assert.match(res.text, /class="error-summary"/);
    assert.equal((res.text.match(/<li><a href="#origins">/g) ?? []).length, bad.length);
    assert.match(res.text, /https:\/\/fine.example.org\nhttp:\/\/partner.example.org|https:\/\/fine\.example\.org\n\*/);
    assert.match(res.text, /aria-invalid="true"/);
    const rows = await t.db('embed_partner_origins').pluck('origin');
    assert.deepEqual(rows, ['https://kept.example.org']);
  });

  it('refuses more than 20 origins', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `https://p${i}.example.org`).join('\n');
    const res = await save(organiser, many);
    assert.equal(res.status, 422);
    assert.match(res.text, /20/);
  });

  it('an empty list removes every partner: frame-ancestors none again', async () => {
    assert.equal((await save(organiser, '')).status, 303);
    assert.equal(Number((await t.db('embed_partner_origins').count('* as n'))[0]!.n), 0);
    await settle();
    assert.equal(frameAncestorsOf((await request(t.app).get(EMBED).expect(200)).headers), "'none'");
  });

  it('an unknown petition: 404 in the admin layout, for GET and POST', async () => {
    const res = await organiser.get('/admin/embeds/no-such-petition');
    assert.equal(res.status, 404);
    assert.match(res.text, /\/css\/admin.css/);
    const page = await organiser.get(PAGE);
    assert.equal((await organiser.post('/admin/embeds/no-such-petition', { origins: 'https://a.org', _csrf: csrfOf(page.text) })).status, 404);
  });

  it('a moderator may not see or change the partner list', async () => {
    const moderator = await signedIn(t.app, await makeAccount(t.deps, 'moderator'), t.deps.clock.now());
    assert.equal((await moderator.get(PAGE)).status, 403);
    const home = await moderator.get('/admin');
    assert.doesNotMatch(home.text, /href="\/admin\/embeds"/);
  });
});
