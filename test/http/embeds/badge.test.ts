// The SVG count badge: the confirmed count formatted for the language, escaped, cacheable (ETag, 304),
// its own restrictive CSP, loadable as a cross-origin <img>, no cookie; 404 and 400 for bad input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { XMLParser } from 'fast-xml-parser';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { buildConfirmedSignatures, petitionId } from '../../support/signatures.ts';
import { BADGE_CSP } from '../../../src/embeds/badge.api.ts';
import { badgeSvg } from '../../../src/embeds/badge-svg.ts';

const BADGE = '/api/v1/petitions/zhanaozen-list/badge.svg';
const svgOf = (res: request.Response): string => (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text);
const get = (t: TestApp, path: string) => request(t.app).get(path).buffer(true).parse((res, cb) => {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (data += c));
  res.on('end', () => cb(null, Buffer.from(data, 'utf8')));
});

describe('count badge', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ workers: false });
    await buildConfirmedSignatures(t.deps, await petitionId(t.deps), Array.from({ length: 1234 }, () => ({})));
  });
  after(() => t.close());

  for (const [lang, expected] of [['en', '1,234 signatures'], ['ru', '1\u00a0234 подписи'], ['kk', '1\u00a0234 қолтаңба'], ['pl', '1234 podpisy']] as const) {
    it(`${lang}: the count formatted for the language, in a well-formed SVG`, async () => {
      const res = await get(t, `${BADGE}?lang=${lang}`).expect(200);
      const svg = svgOf(res);
      assert.match(String(res.headers['content-type']), /^image\/svg\+xml/);
      const format = new Intl.NumberFormat({ en: 'en-GB', ru: 'ru-RU', kk: 'kk-KZ', pl: 'pl-PL' }[lang]).format(1234);
      assert.ok(expected.startsWith(format), `test expectation matches Intl (${format})`);
      assert.ok(svg.includes(`>${expected}</text>`), `${svg} shows ${expected}`);
      assert.match(svg, new RegExp(`xml:lang="${lang}"`));
      const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg) as { svg: { title: string } };
      assert.match(parsed.svg.title, /1.?234/);
    });
  }

  it('headers: public cache, ETag and 304, restrictive CSP, cross-origin image, no cookie', async () => {
    const res = await get(t, `${BADGE}?lang=en`).expect(200);
    assert.match(String(res.headers['cache-control']), /^public, .*s-maxage=2\b/);
    assert.equal(res.headers['content-security-policy'], BADGE_CSP);
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(svgOf(res), /<script|<a\s|href=|style=|<style|on[a-z]+=/i);
    const etag = res.headers.etag!;
    assert.ok(etag);
    await request(t.app).get(`${BADGE}?lang=en`).set('If-None-Match', etag).expect(304);
    const ru = await get(t, `${BADGE}?lang=ru`).expect(200);
    assert.notEqual(ru.headers.etag, etag);
  });

  it('no lang: English; a bad lang: 400; an unknown petition: 404', async () => {
    const res = await get(t, BADGE).expect(200);
    assert.ok(svgOf(res).includes('>1,234 signatures</text>'));
    await request(t.app).get(`${BADGE}?lang=xx`).expect(400);
    await request(t.app).get(`${BADGE}?lang[]=en`).expect(400);
    await request(t.app).get('/api/v1/petitions/no-such-petition/badge.svg').expect(404);
  });

  it('every text is escaped', () => {
    const svg = badgeSvg({ lang: 'en', label: '<Dauys & "co">', value: "1 <script>'", title: '</title><script>alert(1)</script>' });
    assert.doesNotMatch(svg, /<script|<Dauys|"co"/);
    assert.match(svg, /&lt;Dauys &amp; &quot;co&quot;&gt;/);
    new XMLParser().parse(svg, true);
  });
});
