// The default letters in each language: they name the MEP, the agreement and every listed prisoner
// (with the date of the information), greet the MEP formally (neutrally where the EP records no
// gender), and carry the sender's paragraph as typed. The templates' placeholders are checked.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { createI18n, translatorFor } from '../../../src/i18n/i18n.ts';
import { LANGS, type Lang } from '../../../src/i18n/languages.ts';
import type { CampaignText, Prisoner } from '../../../src/letters/campaign.repo.ts';
import { letterSettingsSchema, letterTextSchema } from '../../../src/letters/campaign.schema.ts';
import { composeLetter, defaultLetterLang, type LetterMep } from '../../../src/letters/compose-letter.ts';
import { templateProblems } from '../../../src/letters/letter-template.ts';

const i18n = createI18n();
const read = (name: string) => JSON.parse(fs.readFileSync(`content/letters/${name}`, 'utf8')) as unknown;
const settings = letterSettingsSchema.parse(read('zhanaozen-epca.json'));
const texts = Object.fromEntries(LANGS.map((lang) => [lang, letterTextSchema.parse(read(`zhanaozen-epca.${lang}.json`))])) as Record<Lang, ReturnType<typeof letterTextSchema.parse>>;
const prisoners: Prisoner[] = settings.prisoners.map((p, i) => ({ id: i + 1, ref: p.ref, position: i, since: p.since, asOf: p.asOf, sourceUrl: p.sourceUrl, texts: p.text }));
const campaignText = (lang: Lang): CampaignText => ({ ...texts[lang], lang });

/** The agreement's name in each language, as the content guide fixes it. */
const AGREEMENT: Record<Lang, RegExp> = {
  en: /Enhanced Partnership and Cooperation Agreement \(EPCA\)/,
  ru: /Соглашени[а-я]+ о расширенном партнёрстве и сотрудничестве/,
  kk: /Кеңейтілген серіктестік және ынтымақтастық туралы келісім/,
  pl: /Umow[a-ząęóżźćńł]+ o wzmocnionym partnerstwie i współpracy/,
};
const AS_OF: Record<Lang, string> = { en: 'as of 16 December 2015', ru: 'по состоянию на 16 декабря 2015', kk: '2015 ж. 16 желтоқсан', pl: 'stan na 16 grudnia 2015' };

const ewa: LetterMep = { fullName: 'Ewa Kopacz', givenName: 'Ewa', familyName: 'Kopacz', gender: 'female', country: 'PL' };
const adam: LetterMep = { fullName: 'Adam Bielan', givenName: 'Adam', familyName: 'Bielan', gender: 'male', country: 'PL' };
const sibylle: LetterMep = { fullName: 'Sibylle Berg', givenName: 'Sibylle', familyName: 'Berg', gender: null, country: 'DE' };
const PERSONAL = 'I live in Łódź, and my grandmother is from Жаңаөзен.\n\nPlease reply: <b>"this" & that</b> — thank you.';

const letter = (lang: Lang, mep: LetterMep, personal = PERSONAL) =>
  composeLetter({ t: translatorFor(i18n, lang), text: campaignText(lang), prisoners, mep, sender: { name: 'Anna Nowak', country: 'PL', personal } });

describe('default letters', () => {
  for (const lang of LANGS) {
    it(`${lang}: names the MEP, the agreement and every listed prisoner with the date of the information`, () => {
      const { body, subject } = letter(lang, ewa);
      assert.ok(body.includes('Ewa Kopacz'), 'the MEP');
      assert.match(body, AGREEMENT[lang]);
      assert.ok(prisoners.length >= 1);
      for (const p of prisoners) {
        assert.ok(body.includes(p.texts[lang]!.name), `${p.texts[lang]!.name} is named`);
        assert.ok(body.includes(p.texts[lang]!.sourceLabel), 'with its source');
      }
      assert.ok(body.includes(AS_OF[lang]), `dated: ${AS_OF[lang]}`);
      assert.ok(body.includes('1 '), 'the date the agreement entered into force');
      assert.ok(subject.length > 0 && !subject.includes('{{'));
      assert.doesNotMatch(body, /\{\{|\}\}/, 'every placeholder is filled');
      assert.ok(body.includes('Anna Nowak'), 'signed by the sender');
    });

    it(`${lang}: the sender's paragraph is in the letter as typed, between the campaign's paragraphs`, () => {
      const { body } = letter(lang, ewa);
      assert.ok(body.includes(PERSONAL), 'intact: markup, quotes and the blank line kept');
      const without = letter(lang, ewa, '').body;
      assert.doesNotMatch(without, /\n{3,}/, 'no empty paragraph where the sender wrote nothing');
      assert.equal(body.length - without.length, PERSONAL.length + 2);
    });
  }

  it('salutations: Polish "Szanowna Pani Poseł" / "Szanowny Panie Pośle", Russian «Уважаемая/Уважаемый», Kazakh «Құрметті», neutral without a gender', () => {
    const opening = (lang: Lang, mep: LetterMep) => letter(lang, mep).body.split('\n\n')[1];
    assert.equal(opening('pl', ewa), 'Szanowna Pani Poseł,');
    assert.equal(opening('pl', adam), 'Szanowny Panie Pośle,');
    assert.equal(opening('pl', sibylle), 'Szanowni Państwo,');
    assert.equal(opening('ru', ewa), 'Уважаемая госпожа Kopacz!');
    assert.equal(opening('ru', adam), 'Уважаемый господин Bielan!');
    assert.doesNotMatch(opening('ru', sibylle)!, /Уважаем(ая|ый)/);
    assert.equal(opening('kk', ewa), 'Құрметті Ewa Kopacz ханым!');
    assert.equal(opening('kk', adam), 'Құрметті Adam Bielan мырза!');
    assert.equal(opening('kk', sibylle), 'Құрметті Sibylle Berg!');
    assert.equal(opening('en', ewa), 'Dear Ms Kopacz,');
    assert.equal(opening('en', adam), 'Dear Mr Bielan,');
    assert.equal(opening('en', sibylle), 'Dear Sibylle Berg,');
  });

  it('Polish for Polish MEPs, English for the others', () => {
    assert.equal(defaultLetterLang(ewa), 'pl');
    assert.equal(defaultLetterLang(sibylle), 'en');
  });

  it('the facts are dated: no present tense for 2015 facts in English', () => {
    const { body } = letter('en', sibylle, '');
    assert.match(body, /In December 2011/);
    assert.match(body, /In December 2015, before the agreement was signed/);
    assert.match(body, /according to official figures, at least 17/);
    assert.doesNotMatch(body, /Kozlov is serving|is still in prison/);
  });

  it('template checks: unknown and missing placeholders, and blocks that do not stand alone', () => {
    assert.deepEqual(templateProblems('body', texts.en.body), []);
    assert.ok(templateProblems('body', '{{salutation}} {{mepName}} {{senderName}}\n{{prisoners}}').includes('{{personal}} is missing'));
    assert.ok(templateProblems('body', '{{salutation}} {{mepName}} {{senderName}}\n{{personal}}\nSee {{prisoners}} here').includes('{{prisoners}} must stand alone on its line'));
    assert.ok(templateProblems('subject', 'About {{personal}}').includes('unknown placeholder {{personal}}'));
    assert.ok(templateProblems('salutation', 'Dear {{mepName}}').includes('unknown placeholder {{mepName}}'));
    assert.ok(templateProblems('subject', 'two\nlines').includes('must be one line'));
  });
});
