import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { negotiateLanguage } from '../../src/i18n/negotiate.ts';

describe('negotiateLanguage', () => {
  it('prefers a valid lang cookie over Accept-Language', () => {
    assert.equal(negotiateLanguage('kk', 'pl-PL,pl;q=0.9'), 'kk');
  });
  it('ignores an unknown cookie value', () => {
    assert.equal(negotiateLanguage('de', 'ru-RU,ru;q=0.9'), 'ru');
  });
  it('follows q-values and order', () => {
    assert.equal(negotiateLanguage(undefined, 'de;q=0.9, pl;q=0.8, ru;q=0.5'), 'pl');
    assert.equal(negotiateLanguage(undefined, 'ru;q=0.4, kk-KZ;q=0.7'), 'kk');
  });
  it('falls back to English', () => {
    assert.equal(negotiateLanguage(undefined, 'fr-FR,de;q=0.5'), 'en');
    assert.equal(negotiateLanguage(undefined, undefined), 'en');
    assert.equal(negotiateLanguage(undefined, ';;;,,q=2'), 'en');
  });
});
