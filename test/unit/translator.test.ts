// The per-language translator remembers plain and counted lookups: what it answers must equal
// i18next's own answer every time (each plural form of each language), and a lookup with a text
// value (a name) must never be served from the memory.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createI18n, translatorFor } from '../../src/i18n/i18n.ts';
import { LANGS } from '../../src/i18n/languages.ts';

const instance = createI18n();

describe('translatorFor', () => {
  for (const lang of LANGS) {
    it(`${lang}: counted lookups equal i18next's, asked once or many times`, () => {
      const t = translatorFor(instance, lang);
      for (let round = 0; round < 3; round += 1) {
        for (const count of [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 101, 1000]) {
          assert.equal(t('letters.drafts.platformSubmit', { count }), instance.t('letters.drafts.platformSubmit', { count, lng: lang }), `${lang} count ${count}`);
        }
      }
    });
  }

  it('gives Russian its few and many forms from the memory as from i18next', () => {
    const t = translatorFor(instance, 'ru');
    assert.equal(t('letters.drafts.platformSubmit', { count: 3 }), 'Отправить 3 письма через Dauys');
    assert.equal(t('letters.drafts.platformSubmit', { count: 5 }), 'Отправить 5 писем через Dauys');
    assert.equal(t('letters.drafts.platformSubmit', { count: 3 }), 'Отправить 3 письма через Dauys');
  });

  it('never answers a lookup with a text value from the memory', () => {
    const t = translatorFor(instance, 'en');
    const first = t('letters.drafts.platformFrom', { name: 'Aigerim' });
    const second = t('letters.drafts.platformFrom', { name: 'Marta' });
    assert.match(first, /Aigerim/);
    assert.match(second, /Marta/);
    assert.doesNotMatch(second, /Aigerim/);
  });

  it('keeps answering correctly past the size of its memory', () => {
    const t = translatorFor(instance, 'pl');
    for (let count = 0; count < 5000; count += 1) {
      if (count % 997 === 0) assert.equal(t('letters.drafts.platformSubmit', { count }), instance.t('letters.drafts.platformSubmit', { count, lng: 'pl' }));
      else t('letters.drafts.platformSubmit', { count });
    }
    assert.equal(t('letters.drafts.platformSubmit', { count: 4 }), instance.t('letters.drafts.platformSubmit', { count: 4, lng: 'pl' }));
  });
});
