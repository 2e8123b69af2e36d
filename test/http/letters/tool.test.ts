// The letter tool: the page (cacheable, no cookie, the right MEPs), the drafts (each letter in its
// language, the sender's paragraph escaped in HTML, mailto links that decode back to the letter and
// stay within the limit), the language switch and the PDF.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { decodeMailto, MAILTO_MAX_CHARS } from '../../../src/letters/mailto.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { letterBody, postLetters, sittingMeps } from '../../support/letters.ts';

const decodeHtml = (s: string) => s.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const textareas = (html: string) => [...html.matchAll(/<textarea class="field__input draft__text" id="text-(\d+)"[^>]*lang="([a-z]{2})">([\s\S]*?)<\/textarea>/g)].map((m) => ({ id: Number(m[1]), lang: m[2]!, raw: m[3]!, text: decodeHtml(m[3]!) }));
const mailtos = (html: string) => [...html.matchAll(/href="(mailto:[^"]+)"/g)].map((m) => decodeHtml(m[1]!));
const checkboxes = (html: string) => [...html.matchAll(/name="mep" type="checkbox" value="(\d+)"/g)].map((m) => Number(m[1]));

describe('the letter tool', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('GET /pl/letters lists Poland’s 53 sitting MEPs; /en/letters the Central Asia delegation; both cacheable, with no cookie', async () => {
    const pl = await request(t.app).get('/pl/letters').expect(200);
    assert.deepEqual(checkboxes(pl.text).sort(), sittingMeps({ country: 'PL' }).map((m) => m.id).sort());
    assert.equal(pl.headers['cache-control'], 'public, max-age=0, s-maxage=2, stale-while-revalidate=3');
    assert.equal(pl.headers['set-cookie'], undefined);
    assert.match(String(pl.headers.etag), /^W\//);
    await request(t.app).get('/pl/letters').set('If-None-Match', String(pl.headers.etag)).expect(304);
    const en = await request(t.app).get('/en/letters').expect(200);
    assert.deepEqual(checkboxes(en.text).sort(), sittingMeps({ body: 'DCAS' }).map((m) => m.id).sort());
    assert.match(en.text, /<html lang="en"/);
    assert.doesNotMatch(en.text, /<script>|<script (?!src=)|\son[a-z]+="/, 'no inline script or handler');
  });

  it('filters by country and committee; members of the key bodies come first, marked', async () => {
    const res = await request(t.app).get('/en/letters?country=DE&body=AFET').expect(200);
    const expected = sittingMeps({ country: 'DE', body: 'AFET' }).map((m) => m.id).sort();
    assert.ok(expected.length > 3);
    assert.deepEqual(checkboxes(res.text).sort(), expected);
    assert.match(res.text, /class="badge" lang="en" title="Committee on Foreign Affairs">Foreign Affairs/);
    const kk = await request(t.app).get('/kk/letters?country=PL').expect(200);
    assert.match(kk.text, /class="badge" lang="kk" title="Сыртқы істер комитеті">Сыртқы істер/);
    const ids = checkboxes(kk.text);
    const keyed = new Set(sittingMeps({ country: 'PL' }).filter((m) => ['AFET', 'DROI', 'INTA', 'DCAS'].some((b) => [...(m.committees ?? []), ...(m.delegations ?? [])].includes(b))).map((m) => m.id));
    const firstPlain = ids.findIndex((id) => !keyed.has(id));
    assert.ok(firstPlain > 0 && ids.slice(firstPlain).every((id) => !keyed.has(id)), 'key members first');
  });

  it('the page names the political prisoners with the date of the information and the source', async () => {
    const res = await request(t.app).get('/en/letters').expect(200);
    assert.match(res.text, /<strong>Vladimir Kozlov<\/strong>/);
    assert.match(res.text, /As of 16 December 2015; source: Open Dialog Foundation statement of 16 December 2015/);
    const ru = await request(t.app).get('/ru/letters').expect(200);
    assert.match(ru.text, /<strong>Владимир Козлов<\/strong>/);
  });

  it('bad query values are a 400; an unknown campaign a 404', async () => {
    await request(t.app).get('/en/letters?country=pl').expect(400);
    await request(t.app).get('/en/letters?body=%3Cb%3E').expect(400);
    await request(t.app).get('/en/letters?campaign=no-such-campaign').expect(404);
    await request(t.app).get('/en/letters/map?campaign=no-such-campaign').expect(404);
  });

  it('drafts: one letter per MEP, Polish for a Polish MEP and English for a German one; the paragraph escaped in HTML', async () => {
    const [polish] = sittingMeps({ country: 'PL', gender: 'female' });
    const [german] = sittingMeps({ country: 'DE', gender: 'male' });
    const personal = 'My name is <script>alert("x")</script> & I mean it.\nSecond line — «quoted».';
    const res = await postLetters(t.app, '/en/letters/drafts', letterBody({ meps: [polish!.id, german!.id], personal })).expect(200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.doesNotMatch(res.text, /<script>alert/, 'never reflected raw');
    assert.ok(res.text.includes('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; I mean it.'));
    const letters = textareas(res.text);
    assert.deepEqual(letters.map((l) => [l.id, l.lang]), [[polish!.id, 'pl'], [german!.id, 'en']]);
    assert.ok(letters[0]!.text.includes('Szanowna Pani Poseł,') && letters[0]!.text.includes(polish!.fullName));
    assert.ok(letters[1]!.text.includes(`Dear Mr ${german!.familyName},`));
    for (const l of letters) assert.ok(l.text.includes(personal), 'the paragraph intact in the text');
  });

  it('mailto links decode back to the same letter when it fits, and never exceed the limit', async () => {
    const [mep] = sittingMeps({ country: 'DE' });
    const short = await postLetters(t.app, '/en/letters/drafts', letterBody({ meps: [mep!.id], personal: 'Please reply to me.', name: 'Jo Li' })).expect(200);
    const [letter] = textareas(short.text);
    const [href] = mailtos(short.text);
    assert.ok(href!.length <= MAILTO_MAX_CHARS, `${href!.length} characters`);
    const decoded = decodeMailto(href!);
    assert.equal(decoded.to, mep!.email);
    assert.equal(decoded.body, letter!.text, 'the whole letter');
    assert.match(short.text, /The link opens a new message with the address, the subject and the whole letter/);

    const long = await postLetters(t.app, '/en/letters/drafts', letterBody({ meps: [mep!.id], personal: 'Long paragraph. '.repeat(80) })).expect(200);
    const [longHref] = mailtos(long.text);
    assert.ok(longHref!.length <= MAILTO_MAX_CHARS);
    assert.deepEqual(decodeMailto(longHref!), { to: mep!.email, subject: decoded.subject, body: '' });
    assert.match(long.text, /too long for a mail link/);
  });

  it('the sender can switch a letter to another language', async () => {
    const [polish] = sittingMeps({ country: 'PL' });
    const res = await postLetters(t.app, '/pl/letters/drafts', letterBody({ meps: [polish!.id], extra: [['letterLang', `${polish!.id}:pl`], ['switch', `${polish!.id}:kk`]] })).expect(200);
    const [letter] = textareas(res.text);
    assert.equal(letter!.lang, 'kk');
    assert.match(letter!.text, /Кеңейтілген серіктестік және ынтымақтастық туралы келісім/);
    assert.match(res.text, new RegExp(`name="letterLang" value="${polish!.id}:kk"`), 'the choice is carried on');
  });

  it('PDF: a letter to print, with the Polish text and the embedded font', async () => {
    const [polish] = sittingMeps({ country: 'PL', gender: 'male' });
    const res = await postLetters(t.app, '/pl/letters/pdf', letterBody({ meps: [polish!.id], personal: 'Piszę z Łodzi: żółć, gęś.', extra: [['pdf', String(polish!.id)]] }))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="letter-[a-z0-9-]+\.pdf"$/);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const pdf = res.body as Buffer;
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.toString('latin1'), /NotoSans/);
    const file = path.join(os.tmpdir(), `dauys-letter-${process.pid}.pdf`);
    fs.writeFileSync(file, pdf);
    try {
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      assert.ok(text.includes('Szanowny Panie Pośle,'));
      assert.ok(text.includes('Piszę z Łodzi: żółć, gęś.'));
      assert.ok(text.includes('Umowy o wzmocnionym partnerstwie'));
      assert.ok(text.includes(polish!.fullName));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('a closed campaign shows a notice and takes no letters', async () => {
    await t.db('letter_campaigns').update({ status: 'closed' });
    try {
      await new Promise((r) => setTimeout(r, 5200)); // campaigns are cached for five seconds
      const page = await request(t.app).get('/en/letters?campaign=zhanaozen-epca').expect(200);
      assert.match(page.text, /This letter campaign is closed/);
      assert.equal(checkboxes(page.text).length, 0);
      await postLetters(t.app, '/en/letters/drafts', letterBody({ extra: [['campaign', 'zhanaozen-epca']] })).expect(409);
    } finally {
      await t.db('letter_campaigns').update({ status: 'open' });
    }
  });
});
