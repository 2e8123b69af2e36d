// The donate form in a real browser, in every language, at phone size: with JavaScript off, a monthly
// gift of another amount (after an error) leads to the Checkout page (the Stripe double's) with the right
// session asked for; axe (which needs JavaScript to run, so in a second phone-sized context) finds
// nothing on the form, its error page, the pages around it and the home page's card.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations } from './support/axe.ts';
import { browserSkip, DESKTOP, LANGS, launchBrowser, PHONE, startLiveApp, submitForm, type Lang, type LiveApp } from './support/browser.ts';
import { tr } from './support/i18n.ts';
import { startStripeDouble, type StripeDouble } from '../support/stripe.ts';
import { LANG_NAMES } from '../../src/i18n/languages.ts';
import { makeAccount } from '../http/admin/support.ts';

const TYPED: Record<Lang, { amount: string; minor: string; locale: string }> = {
  en: { amount: '12.50', minor: '1250', locale: 'en-GB' },
  ru: { amount: '12,50', minor: '1250', locale: 'ru' },
  kk: { amount: '15', minor: '1500', locale: 'ru' },
  pl: { amount: '60,50', minor: '6050', locale: 'pl' },
};

describe('donating in the browser (phone size)', { skip: browserSkip }, () => {
  let stripe: StripeDouble;
  let live: LiveApp;
  let browser: Browser;
  let noJs: BrowserContext;
  let withJs: BrowserContext;
  const checked: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    stripe = await startStripeDouble();
    live = await startLiveApp({ workers: false, env: stripe.env() });
    noJs = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    withJs = await browser.newContext({ ...PHONE, javaScriptEnabled: true });
  }, { timeout: 120_000 });
  after(async () => {
    console.log(`axe: ${checked.length} donation pages checked`);
    await noJs?.close();
    await withJs?.close();
    await browser?.close();
    await live?.close();
    await stripe?.close();
  });

  async function expectNoViolations(page: Page, where: string): Promise<void> {
    const violations = await axeViolations(page);
    checked.push(where);
    assert.equal(violations.length, 0, formatViolations(where, violations));
  }

  for (const lang of LANGS) {
    it(`${lang}, JavaScript off: an error, then a monthly gift of another amount → Checkout`, { timeout: 60_000 }, async () => {
      const page = await noJs.newPage();
      try {
        assert.equal((await page.goto(live.url(`/${lang}/donate`)))?.status(), 200);
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        await page.getByLabel(tr(lang, 'donations.form.otherAmount'), { exact: true }).check();
        await page.locator('#custom').fill('1');
        await submitForm(page, `/${lang}/donate`, () => page.getByRole('button', { name: tr(lang, 'donations.form.submit') }).click(), 422);
        assert.equal(await page.locator('.error-summary').count(), 1);
        assert.equal(await page.locator('#custom').inputValue(), '1', 'the value is kept');

        stripe.requests.splice(0);
        await page.getByLabel(tr(lang, 'donations.form.frequency.monthly'), { exact: true }).check();
        await page.getByLabel(tr(lang, 'donations.form.otherAmount'), { exact: true }).check();
        await page.locator('#custom').fill(TYPED[lang].amount);
        await Promise.all([page.waitForURL(new RegExp(`^${stripe.url}/pay/cs_test_`)), page.getByRole('button', { name: tr(lang, 'donations.form.submit') }).click()]);
        const [session] = stripe.sessions();
        assert.ok(session, 'Stripe was asked for a session');
        assert.equal(session.form.mode, 'subscription');
        assert.equal(session.form.locale, TYPED[lang].locale);
        assert.equal((session.form.line_items as { price_data: { unit_amount: string } }[])[0]!.price_data.unit_amount, TYPED[lang].minor);
        assert.equal((session.form.metadata as Record<string, string>).lang, lang);
      } finally {
        await page.close();
      }
    });

    it(`${lang}, phone: axe finds nothing on the form, its errors and the pages around it`, { timeout: 60_000 }, async () => {
      const page = await withJs.newPage();
      try {
        assert.equal((await page.goto(live.url(`/${lang}/donate`)))?.status(), 200);
        await expectNoViolations(page, `/${lang}/donate`);
        const width = await page.evaluate<number>('document.documentElement.scrollWidth');
        assert.ok(width <= 390, `no sideways scrolling at phone width (${width}px)`);
        await page.getByLabel(tr(lang, 'donations.form.otherAmount'), { exact: true }).check();
        await page.locator('#custom').fill('abc');
        await submitForm(page, `/${lang}/donate`, () => page.getByRole('button', { name: tr(lang, 'donations.form.submit') }).click(), 422);
        await expectNoViolations(page, `/${lang}/donate (422)`);

        const posted = await fetch(live.url(`/${lang}/donate`), { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' }, body: 'amount=25&currency=EUR&frequency=once' });
        const session = String(posted.headers.get('location')).split('/pay/')[1];
        for (const [path, status] of [[`/${lang}/donate/thanks?session_id=${session}`, 200], [`/${lang}/donate/cancelled`, 200], [`/${lang}/`, 200], [`/${lang}/donate/stop/${'A'.repeat(43)}`, 404]] as const) {
          assert.equal((await page.goto(live.url(path)))?.status(), status, path);
          await expectNoViolations(page, path);
          if (path === `/${lang}/`) assert.equal(await page.locator('.donate-card').count(), 1, 'the home page offers donating');
        }
      } finally {
        await page.close();
      }
    });
  }

  it('the organisers’ page in every language, phone and desktop: axe finds nothing, with and without errors', { timeout: 120_000 }, async () => {
    const organiser = await makeAccount(live.t.deps, 'organiser');
    for (const [size, options] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      const ctx = await browser.newContext(options);
      const page = await ctx.newPage();
      try {
        await page.goto(live.url('/admin/donations'));
        await page.getByLabel(tr('en', 'admin.login.email')).fill(organiser.email);
        await page.getByLabel(tr('en', 'admin.login.password'), { exact: true }).fill(organiser.password);
        await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr('en', 'admin.login.submit') }).click(), 303);
        assert.equal(new URL(page.url()).pathname, '/admin/donations');
        for (const lang of LANGS) {
          if (lang !== 'en') await page.getByRole('link', { name: LANG_NAMES[lang] }).click();
          assert.equal(await page.locator('html').getAttribute('lang'), lang);
          await expectNoViolations(page, `/admin/donations [${lang} ${size}]`);
          await page.locator('#amount').fill('lots');
          await submitForm(page, '/admin/donations/goal', () => page.getByRole('button', { name: tr(lang, 'donations.admin.goal.save') }).click(), 422);
          await expectNoViolations(page, `/admin/donations (422) [${lang} ${size}]`);
          await page.goto(live.url('/admin/donations'));
        }
      } finally {
        await ctx.close();
      }
    }
  });
});
