import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';

const CALL: Record<string, RegExp> = { en: /Zhanaozen list/, ru: /Жанаозенский список/, kk: /Жаңаөзен тізімі/, pl: /lista Żanaozenu/ };

describe('languages and the campaign home', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('GET / redirects by the lang cookie first', async () => {
    const res = await request(t.app).get('/').set('Cookie', 'lang=kk').set('Accept-Language', 'pl').expect(302);
    assert.equal(res.headers.location, '/kk/');
  });

  it('GET / redirects by Accept-Language, else to English', async () => {
    assert.equal((await request(t.app).get('/').set('Accept-Language', 'ru-RU,ru;q=0.9,en;q=0.8').expect(302)).headers.location, '/ru/');
    assert.equal((await request(t.app).get('/').set('Accept-Language', 'pl').expect(302)).headers.location, '/pl/');
    assert.equal((await request(t.app).get('/').set('Accept-Language', 'de-DE').expect(302)).headers.location, '/en/');
    assert.equal((await request(t.app).get('/').expect(302)).headers.location, '/en/');
  });

  for (const lang of ['en', 'ru', 'kk', 'pl']) {
    it(`/${lang}/ shows the call in ${lang}, with html lang, hreflang alternates and numbered sources`, async () => {
      const res = await request(t.app).get(`/${lang}/`).expect(200);
      assert.match(res.text, new RegExp(`<html lang="${lang}"`));
      assert.match(res.text, CALL[lang]!);
      for (const other of ['en', 'ru', 'kk', 'pl']) assert.match(res.text, new RegExp(`<link rel="alternate" hreflang="${other}" href="http://localhost:3000/${other}/">`));
      assert.match(res.text, /id="source-8"/);
      assert.match(res.text, /P7-TA-2014-0252/);
      assert.match(res.text, /href="#source-1"/);
    });
  }

  it('the language switcher keeps the current page', async () => {
    const res = await request(t.app).get('/pl/privacy').expect(200);
    assert.match(res.text, /href="\/language\/kk\?next=%2Fprivacy" hreflang="kk"/);
    assert.match(res.text, /href="\/language\/ru\?next=%2Fprivacy" hreflang="ru"/);
    assert.match(res.text, /aria-current="true" lang="pl"/);
    const chosen = await request(t.app).get('/language/kk?next=%2Fprivacy').expect(303);
    assert.equal(chosen.headers.location, '/kk/privacy');
  });

  it('reading a page writes no cookie; choosing a language in the switcher remembers it for GET /', async () => {
    for (const path of ['/ru/', '/ru/privacy', '/ru/petitions/zhanaozen-list']) assert.equal((await request(t.app).get(path).expect(200)).headers['set-cookie'], undefined, path);
    const chosen = await request(t.app).get('/language/ru?next=%2F').expect(303);
    assert.equal(chosen.headers.location, '/ru/');
    assert.equal(chosen.headers['cache-control'], 'private, no-store');
    const cookie = String(chosen.headers['set-cookie']);
    assert.match(cookie, /lang=ru;.*HttpOnly.*SameSite=Lax/);
    assert.equal((await request(t.app).get('/').set('Cookie', cookie.split(';')[0]!).set('Accept-Language', 'pl').expect(302)).headers.location, '/ru/');
  });

  it('the switcher leads only to a page of this site', async () => {
    for (const next of ['//evil.example', 'https://evil.example', '/..%2F..', '/a/../../b', '%2F%2Fevil.example', '/x?y=1']) {
      const res = await request(t.app).get(`/language/pl?next=${encodeURIComponent(next)}`).expect(303);
      assert.equal(res.headers.location, '/pl/', next);
    }
    await request(t.app).get('/language/de?next=%2F').expect(404);
  });

  it('the privacy page exists in every language', async () => {
    for (const lang of ['en', 'ru', 'kk', 'pl']) {
      const res = await request(t.app).get(`/${lang}/privacy`).expect(200);
      assert.match(res.text, /30/);
    }
  });

  it('an unknown page answers 404 in the visitor language', async () => {
    const res = await request(t.app).get('/kk/no-such-page').expect(404);
    assert.match(res.text, /<html lang="kk"/);
    const other = await request(t.app).get('/de/').set('Accept-Language', 'pl').expect(404);
    assert.match(other.text, /<html lang="pl"/);
  });
});
