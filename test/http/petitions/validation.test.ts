// Each invalid field gets a 422 with the form again, the message in the page's language, the values kept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readLocale } from '../../../src/i18n/i18n.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { sign, type Signer } from '../../support/forms.ts';

const message = (lang: 'en' | 'ru' | 'kk' | 'pl', key: string): string => (readLocale(lang).petitions as { errors: Record<string, string> }).errors[key]!;
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

const CASES: { name: string; signer: Signer; field: string; key: string }[] = [
  { name: 'empty name', signer: { name: '   ' }, field: 'name', key: 'name' },
  { name: 'a name over 100 characters', signer: { name: 'x'.repeat(101) }, field: 'name', key: 'nameTooLong' },
  { name: 'a malformed email', signer: { email: 'not-an-address' }, field: 'email', key: 'email' },
  { name: 'an unknown country', signer: { country: 'XX' }, field: 'country', key: 'country' },
  { name: 'a bad postcode', signer: { postcode: '<b>00-001</b>' }, field: 'postcode', key: 'postcode' },
  { name: 'no consent', signer: { consent: false }, field: 'consent', key: 'consent' },
];

describe('signing with bad input', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  for (const lang of ['en', 'ru', 'kk', 'pl'] as const) {
    for (const c of CASES) {
      it(`${lang}: ${c.name} → 422 with the ${lang} message, linked from the error summary`, async () => {
        const res = await sign(t.app, { email: `${lang}-${c.key}@example.org`, ...c.signer }, lang);
        assert.equal(res.status, 422);
        assert.match(res.text, new RegExp(`<html lang="${lang}"`));
        const expected = escapeHtml(message(lang, c.key));
        assert.ok(res.text.includes(`<a href="#${c.field}">${expected}</a>`), 'the summary links to the field');
        assert.ok(res.text.includes(`id="${c.field}-error"`), 'the field shows its error');
      });
    }
  }

  it('keeps the values typed, escaped', async () => {
    const res = await sign(t.app, { name: 'Ann "<i>" Test', email: 'kept@example', country: 'KZ', postcode: '050000' }, 'en');
    assert.equal(res.status, 422);
    assert.ok(res.text.includes('value="Ann &#34;&lt;i&gt;&#34; Test"'));
    assert.ok(res.text.includes('value="kept@example"'));
    assert.match(res.text, /<option value="KZ" selected>/);
    assert.ok(res.text.includes('value="050000"'));
  });

  it('stores nothing from a rejected request', async () => {
    assert.equal(Number((await t.db('signatures').count('* as n'))[0]!.n), 0);
  });
});
