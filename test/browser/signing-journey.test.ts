// The signing journey in a real browser, in every language: campaign page → petition → form → check
// your email → the emailed link → confirm → thank you, and the count goes up. Also the error summary,
// the language switcher and signing with the keyboard alone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { linkIn } from '../support/smtp.ts';
import {
  activeElementClass,
  browserSkip,
  DESKTOP,
  htmlLang,
  LANGS,
  launchBrowser,
  PETITION,
  PHONE,
  settle,
  signatureCount,
  startLiveApp,
  submitForm,
  uniqueEmail,
  type Lang,
  type LiveApp,
} from './support/browser.ts';
import { tr } from './support/i18n.ts';

// Names typed as real people would, in each language's own letters.
const SIGNERS: Record<Lang, { name: string; country: string }> = {
  en: { name: 'Aigerim Browser', country: 'GB' },
  ru: { name: 'Айгерим Тестова', country: 'KZ' },
  kk: { name: 'Әсел Жұмабайқызы', country: 'KZ' },
  pl: { name: 'Łucja Żółćńska', country: 'PL' },
};

// Two axes, each needing both values: JavaScript (on/off) and screen (phone/desktop). Pairing them
// as {JS on + phone, JS off + desktop} in every language exercises each value of each axis in each
// language with 8 journeys instead of 16: the script only moves focus (nothing in the journey
// depends on it), and layout does not depend on JS, so the two axes are independent of each other.
const MODES: { label: string; options: BrowserContextOptions; touch: boolean }[] = [
  { label: 'JS on, phone 390×844', options: { ...PHONE, javaScriptEnabled: true }, touch: true },
  { label: 'JS off, desktop 1280×900', options: { ...DESKTOP, javaScriptEnabled: false }, touch: false },
];

const petitionPath = (lang: Lang) => `/${lang}/petitions/${PETITION}`;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactUrl = (live: LiveApp, path: string) => new RegExp(`^${escapeRe(live.url(path))}(#.*)?$`);
const focusedId = (page: Page) => page.evaluate<string>('document.activeElement ? String(document.activeElement.id) : ""');

describe('signing in the browser', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser(); // first: without a browser, no app is started (and left running)
    live = await startLiveApp();
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  for (const lang of LANGS) {
    for (const mode of MODES) {
      it(`${lang}: home → petition → sign → email → confirm → thank you (${mode.label})`, async () => {
        const context = await browser.newContext(mode.options);
        try {
          const page = await context.newPage();
          const press = (target: Locator) => (mode.touch ? target.tap() : target.click());
          const countBefore = await signatureCount(live);
          const email = uniqueEmail(`${lang}-${mode.touch ? 'phone' : 'desktop'}`);
          const signer = SIGNERS[lang];

          // The campaign page and its call to action.
          const home = await page.goto(live.url(`/${lang}/`));
          assert.equal(home?.status(), 200);
          assert.equal(await htmlLang(page), lang);
          await press(page.locator('.act-card').getByRole('link', { name: tr(lang, 'campaign.act.sign'), exact: true }));
          await page.waitForURL(exactUrl(live, petitionPath(lang)));
          assert.equal(new URL(page.url()).hash, '#sign', 'the call to action leads straight to the form');
          assert.equal(await htmlLang(page), lang);

          // The form, filled in by typing and clicking.
          const form = page.locator('#sign form');
          await form.getByLabel(tr(lang, 'petitions.form.name'), { exact: true }).pressSequentially(signer.name);
          await form.getByLabel(tr(lang, 'petitions.form.email'), { exact: true }).pressSequentially(email);
          await form.getByLabel(tr(lang, 'petitions.form.country'), { exact: true }).selectOption(signer.country);
          await press(form.locator('#consent'));
          assert.equal(await form.locator('#consent').isChecked(), true);
          assert.equal(await form.locator('#name').inputValue(), signer.name);
          await submitForm(page, `${petitionPath(lang)}/signatures`, () => press(form.getByRole('button', { name: tr(lang, 'petitions.form.submit'), exact: true })), 303);

          // Check your email (POST → 303 → GET).
          await page.waitForURL(exactUrl(live, `${petitionPath(lang)}/check-email`));
          assert.equal(await htmlLang(page), lang);
          assert.equal((await page.locator('h1').textContent())?.trim(), tr(lang, 'petitions.checkEmail.title'));

          // The emailed link, moved to this server.
          const [mail] = await live.t.smtp.waitForTo(email, 1);
          assert.ok(mail);
          const confirmLink = live.local(linkIn(mail, new RegExp(`/${lang}/confirm/`)));
          await page.goto(confirmLink);
          assert.equal(await htmlLang(page), lang);
          await submitForm(page, new URL(confirmLink).pathname, () => press(page.getByRole('button', { name: tr(lang, 'petitions.confirm.submit'), exact: true })), 303);
          await page.waitForURL(exactUrl(live, `${petitionPath(lang)}/thank-you`));
          assert.equal(await htmlLang(page), lang);
          assert.equal((await page.locator('h1').textContent())?.trim(), tr(lang, 'petitions.thankYou.title'));

          await settle(); // counts are cached for one second
          assert.equal(await signatureCount(live), countBefore + 1);
        } finally {
          await context.close();
        }
      });
    }
  }

  for (const lang of LANGS) {
    it(`${lang}: an empty form comes back as a 422 page with the errors listed in ${lang}, focused when JS runs`, async () => {
      const expected = ['name', 'email', 'country', 'consent'].map((field) => ({ field, message: tr(lang, `petitions.errors.${field}`) }));
      for (const javaScriptEnabled of [false, true]) {
        const context = await browser.newContext({ ...(javaScriptEnabled ? PHONE : DESKTOP), javaScriptEnabled });
        try {
          const page = await context.newPage();
          await page.goto(live.url(petitionPath(lang)));
          await submitForm(page, `${petitionPath(lang)}/signatures`, () => page.getByRole('button', { name: tr(lang, 'petitions.form.submit'), exact: true }).click(), 422);
          assert.equal(await htmlLang(page), lang);

          const summary = page.locator('.error-summary');
          assert.equal(await summary.count(), 1);
          assert.equal((await summary.locator('h2').textContent())?.trim(), tr(lang, 'common.form.errorSummaryTitle', { count: expected.length }));
          const links = summary.locator('li a');
          const listed: { field: string; message: string }[] = [];
          for (const link of await links.all()) listed.push({ field: ((await link.getAttribute('href')) ?? '').replace(/^#/, ''), message: ((await link.textContent()) ?? '').trim() });
          assert.deepEqual(listed, expected);
          for (const { field } of expected) assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true', `#${field} is marked invalid`);

          // After a POST the switcher still leads to the petition page itself.
          const other = LANGS.find((l) => l !== lang)!;
          assert.equal(await page.locator(`.lang-switcher a[hreflang="${other}"]`).getAttribute('href'), `/language/${other}?next=${encodeURIComponent('/petitions/zhanaozen-list')}`);

          if (javaScriptEnabled) {
            await page.waitForFunction('document.activeElement && document.activeElement.classList.contains("error-summary")', undefined, { timeout: 5000 }).catch(() => undefined);
            assert.match(await activeElementClass(page), /(^|\s)error-summary(\s|$)/, 'enhance.js moves focus to the error summary');
          } else {
            assert.doesNotMatch(await activeElementClass(page), /error-summary/);
          }
        } finally {
          await context.close();
        }
      }
    });
  }

  it('the language switcher on the petition page leads to the same page in the other language', async () => {
    const context = await browser.newContext(DESKTOP);
    try {
      const page = await context.newPage();
      await page.goto(live.url(petitionPath('en')));
      // en → ru → kk → pl → en, each time by clicking the switcher.
      for (const [from, to] of [['en', 'ru'], ['ru', 'kk'], ['kk', 'pl'], ['pl', 'en']] as const) {
        assert.equal(await htmlLang(page), from);
        const switcher = page.getByRole('navigation', { name: tr(from, 'common.languageSwitcher'), exact: true });
        assert.equal(await switcher.locator('[aria-current="true"]').getAttribute('lang'), from);
        await switcher.locator(`a[hreflang="${to}"]`).click();
        await page.waitForURL(exactUrl(live, petitionPath(to)));
        assert.equal(await htmlLang(page), to);
        assert.equal((await page.locator('#sign-title').textContent())?.trim(), tr(to, 'petitions.form.title'));
      }
    } finally {
      await context.close();
    }
  });

  it('signing with the keyboard alone (desktop, JS on)', async () => {
    const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: true });
    try {
      const page = await context.newPage();
      await page.goto(live.url(petitionPath('en')));
      const email = uniqueEmail('keyboard');

      await page.keyboard.press('Tab');
      assert.match(await activeElementClass(page), /skip-link/, 'the first Tab reaches the skip link');
      let presses = 1;
      const LIMIT = 80;
      while ((await focusedId(page)) !== 'name') {
        assert.ok(presses < LIMIT, `the name field is not reached within ${LIMIT} Tab presses`);
        await page.keyboard.press('Tab');
        presses += 1;
      }
      console.log(`keyboard: the name field is reached with ${presses} Tab presses from the top of the page`);

      await page.keyboard.type('Keyboard Person');
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(page), 'email');
      await page.keyboard.type(email);
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(page), 'country');
      await page.keyboard.type('Poland'); // a closed <select> picks the option by typing its name
      assert.equal(await page.locator('#country').inputValue(), 'PL');
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(page), 'postcode');
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(page), 'public');
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(page), 'consent');
      await page.keyboard.press('Space');
      assert.equal(await page.locator('#consent').isChecked(), true);

      // On to the submit button (past the optional checkbox and the privacy link).
      const onSubmit = () => page.evaluate<boolean>('!!document.activeElement && document.activeElement.matches("#sign button[type=submit]")');
      for (let i = 0; !(await onSubmit()); i += 1) {
        assert.ok(i < 5, 'the submit button follows the consent box within a few Tab presses');
        await page.keyboard.press('Tab');
      }
      await submitForm(page, `${petitionPath('en')}/signatures`, () => page.keyboard.press('Enter'), 303);
      await page.waitForURL(exactUrl(live, `${petitionPath('en')}/check-email`));
      assert.equal((await page.locator('h1').textContent())?.trim(), tr('en', 'petitions.checkEmail.title'));
      await live.t.smtp.waitForTo(email, 1);
    } finally {
      await context.close();
    }
  });
});
