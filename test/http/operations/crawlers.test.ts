// robots.txt, sitemap.xml, security.txt and rel=canonical, read as a crawler and a researcher would:
// each parses, is public and cacheable, and says what it should. The sitemap's URLs are absolute, each
// with its four language alternates, and each answers 200 with itself as canonical and the same alternates.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import request from 'supertest';
import { BASE_URL, buildTestApp, type TestApp } from '../../support/app.ts';

const CONTACT = 'mailto:security@campaign.example';

/** Google's robots.txt rules: the longest matching Allow or Disallow wins; `*` matches anything, `$` ends. */
function allowed(robots: string, path: string): boolean {
  const rules = robots.split('\n').map((l) => /^(Allow|Disallow):\s*(\S*)$/i.exec(l.trim())).filter((m): m is RegExpExecArray => m !== null && m[2] !== '');
  let best: { allow: boolean; length: number } = { allow: true, length: -1 };
  for (const [, kind, pattern] of rules) {
    const regex = new RegExp(`^${pattern!.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*').replace(/\\\$$/, '$')}`);
    if (regex.test(path) && pattern!.length > best.length) best = { allow: kind!.toLowerCase() === 'allow', length: pattern!.length };
  }
  return best.allow;
}

const publicAndCacheable = (res: request.Response) => {
  assert.match(String(res.headers['cache-control']), /^public, .*s-maxage=\d+/);
  assert.equal(res.headers['set-cookie'], undefined);
};

describe('files for crawlers and researchers', () => {
  let t: TestApp;
  let bare: TestApp;
  before(async () => {
    [t, bare] = await Promise.all([buildTestApp({ workers: false, env: { SECURITY_CONTACT: CONTACT } }), buildTestApp({ workers: false })]);
  });
  after(async () => {
    await Promise.all([t?.close(), bare?.close()]);
  });

  it('robots.txt lets crawlers index the public pages and keeps them out of the rest', async () => {
    const res = await request(t.app).get('/robots.txt').expect(200).expect('content-type', /^text\/plain/);
    publicAndCacheable(res);
    const lines = res.text.trim().split('\n').filter((l) => l !== '');
    for (const line of lines) assert.match(line, /^(User-agent|Allow|Disallow|Sitemap): \S+$/, line);
    assert.ok(lines.includes('User-agent: *'));
    assert.ok(lines.includes(`Sitemap: ${BASE_URL}/sitemap.xml`));
    for (const path of ['/', '/en/', '/kk/petitions/zhanaozen-list', '/pl/privacy', '/api/v1/petitions/zhanaozen-list', '/css/site.css']) assert.ok(allowed(res.text, path), `${path} may be crawled`);
    for (const path of ['/admin', '/admin/login', '/en/submit', '/ru/submit/status', `/en/confirm/${'A'.repeat(43)}`, `/pl/withdraw/${'B'.repeat(43)}`, '/embed/en/petitions/zhanaozen-list', '/language/kk?next=%2F', '/en/my-data']) {
      assert.ok(!allowed(res.text, path), `${path} is not crawled`);
    }
  });

  it('sitemap.xml parses; every URL is absolute, with its four language alternates, and answers with itself as canonical', async () => {
    const res = await request(t.app).get('/sitemap.xml').expect(200).expect('content-type', /^application\/xml/);
    publicAndCacheable(res);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'url' || name === 'xhtml:link' }).parse(res.text) as {
      urlset: { '@xmlns': string; '@xmlns:xhtml': string; url: { loc: string; 'xhtml:link': { '@rel': string; '@hreflang': string; '@href': string }[] }[] };
    };
    assert.equal(doc.urlset['@xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
    assert.equal(doc.urlset['@xmlns:xhtml'], 'http://www.w3.org/1999/xhtml');
    const locs = doc.urlset.url.map((u) => u.loc);
    for (const expected of ['/en/', '/ru/', '/kk/', '/pl/', '/en/petitions/zhanaozen-list', '/kk/petitions/zhanaozen-list', '/pl/privacy']) assert.ok(locs.includes(`${BASE_URL}${expected}`), expected);
    assert.equal(new Set(locs).size, locs.length, 'each URL once');
    for (const url of doc.urlset.url) {
      assert.equal(new URL(url.loc).origin, BASE_URL, 'absolute, on BASE_URL');
      const links = url['xhtml:link'];
      assert.deepEqual(links.map((l) => l['@hreflang']).sort(), ['en', 'kk', 'pl', 'ru']);
      for (const l of links) {
        assert.equal(l['@rel'], 'alternate');
        assert.equal(new URL(l['@href']).origin, BASE_URL);
      }
      assert.ok(links.some((l) => l['@href'] === url.loc), 'the URL is among its alternates');
      const page = await request(t.app).get(new URL(url.loc).pathname).expect(200);
      const canonical = [...page.text.matchAll(/<link rel="canonical" href="([^"]+)">/g)].map((m) => m[1]);
      assert.deepEqual(canonical, [url.loc], `${url.loc}: its own canonical`);
      const hreflang = Object.fromEntries([...page.text.matchAll(/<link rel="alternate" hreflang="([a-z]{2})" href="([^"]+)">/g)].map((m) => [m[1], m[2]]));
      assert.deepEqual(hreflang, Object.fromEntries(links.map((l) => [l['@hreflang'], l['@href']])), `${url.loc}: the page's alternates are the sitemap's`);
    }
  });

  it('pages that are not to be indexed carry no canonical link', async () => {
    for (const path of [`/en/confirm/${'A'.repeat(43)}`, '/en/petitions/zhanaozen-list/check-email', '/en/no-such-page']) {
      const page = await request(t.app).get(path);
      assert.match(page.text, /<meta name="robots" content="noindex/, path);
      assert.doesNotMatch(page.text, /rel="canonical"/, path);
    }
  });

  it('/.well-known/security.txt follows RFC 9116, and is not served without SECURITY_CONTACT', async () => {
    const res = await request(t.app).get('/.well-known/security.txt').expect(200).expect('content-type', /^text\/plain; charset=utf-8/);
    publicAndCacheable(res);
    const fields = new Map<string, string[]>();
    for (const line of res.text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const m = /^([A-Za-z-]+): (.+)$/.exec(line);
      assert.ok(m, `a field line: ${line}`);
      fields.set(m[1]!.toLowerCase(), [...(fields.get(m[1]!.toLowerCase()) ?? []), m[2]!]);
    }
    assert.deepEqual(fields.get('contact'), [CONTACT]);
    const expires = fields.get('expires') ?? [];
    assert.equal(expires.length, 1, 'exactly one Expires');
    assert.match(expires[0]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const ahead = Date.parse(expires[0]!) - Date.now();
    assert.ok(ahead > 30 * 86_400_000 && ahead < 365 * 86_400_000, 'expires in the future, within a year');
    assert.deepEqual(fields.get('preferred-languages'), ['en, ru, kk, pl']);
    assert.deepEqual(fields.get('canonical'), [`${BASE_URL}/.well-known/security.txt`]);
    await request(bare.app).get('/.well-known/security.txt').expect(404);
  });
});
