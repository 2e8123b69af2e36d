// The organisers' area in a real browser: an admin with TOTP signs in (after a failed try whose error
// summary takes the focus), reaches the home, users and account pages, switches language, and signs
// out; axe (WCAG 2.2 AA) finds 0 violations on the login page (empty and with errors), the home page,
// the users page and the account page, in every language, and at phone size once each.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { totpCode } from '../../src/admin/totp.ts';
import { LANG_NAMES } from '../../src/i18n/languages.ts';
import { makeAccount, type Account } from '../http/admin/support.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { activeElementClass, browserSkip, DESKTOP, htmlLang, LANGS, launchBrowser, PHONE, startLiveApp, submitForm, type Lang, type LiveApp } from './support/browser.ts';
import { tr } from './support/i18n.ts';

describe('organisers area in a browser', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  let checked = 0;
  before(async () => {
    browser = await launchBrowser();
    live = await startLiveApp();
    await makeAccount(live.t.deps, 'organiser'); // someone else on the users page
  });
  after(async () => {
    console.log(`axe: ${checked} admin pages checked`);
    await browser?.close();
    await live?.close();
  });

  async function expectNoViolations(page: Page, where: string): Promise<void> {
    const violations = await axeViolations(page);
    checked += 1;
    assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(where, violations)}`);
  }

  async function signIn(page: Page, lang: Lang, admin: Account): Promise<void> {
    await page.getByLabel(tr(lang, 'admin.login.email')).fill(admin.email);
    await page.getByLabel(tr(lang, 'admin.login.password'), { exact: true }).fill(admin.password);
    await page.getByLabel(tr(lang, 'admin.login.code')).fill(totpCode(admin.secret!, new Date()));
    await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr(lang, 'admin.login.submit') }).click(), 303);
  }

  /** Each journey has its own admin (with TOTP), as each code works once. */
  async function journey(context: BrowserContext, lang: Lang, size: string): Promise<void> {
    const admin = await makeAccount(live.t.deps, 'admin');
    const page = await context.newPage();
    try {
      // The language first (the switcher works before signing in), then the login page.
      await page.goto(live.url('/admin/users'));
      assert.equal(new URL(page.url()).pathname, '/admin/login');
      if (lang !== 'en') await page.getByRole('link', { name: LANG_NAMES[lang] }).click();
      assert.equal(await htmlLang(page), lang);
      await expectNoViolations(page, `login [${lang} ${size}]`);

      await page.getByLabel(tr(lang, 'admin.login.email')).fill(admin.email);
      await page.getByLabel(tr(lang, 'admin.login.password'), { exact: true }).fill('not the password');
      await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr(lang, 'admin.login.submit') }).click(), 422);
      assert.match(await activeElementClass(page), /error-summary/, 'the error summary takes the focus');
      await expectNoViolations(page, `login with an error [${lang} ${size}]`);

      await signIn(page, lang, admin);
      assert.equal(new URL(page.url()).pathname, '/admin/users', 'back to the page asked for');
      await expectNoViolations(page, `users [${lang} ${size}]`);

      await page.getByRole('link', { name: tr(lang, 'admin.nav.home'), exact: true }).click();
      assert.equal(new URL(page.url()).pathname, '/admin');
      assert.ok(await page.getByRole('cell', { name: '0' }).first().isVisible());
      await expectNoViolations(page, `home [${lang} ${size}]`);

      await page.getByRole('link', { name: tr(lang, 'admin.nav.account'), exact: true }).click();
      assert.equal(new URL(page.url()).pathname, '/admin/account');
      assert.ok(await page.getByText(tr(lang, 'admin.sessions.current')).isVisible());
      await expectNoViolations(page, `account [${lang} ${size}]`);

      await submitForm(page, '/admin/logout', () => page.getByRole('button', { name: tr(lang, 'admin.nav.logout') }).click(), 303);
      assert.equal(new URL(page.url()).pathname, '/admin/login');
      await page.goto(live.url('/admin'));
      assert.equal(new URL(page.url()).pathname, '/admin/login', 'signed out');
    } finally {
      await page.close();
    }
  }

  for (const lang of LANGS) {
    it(`${lang} desktop: sign in with TOTP, users, home, account, sign out; axe 0 violations`, async () => {
      const context = await browser.newContext(DESKTOP);
      try {
        await journey(context, lang, 'desktop');
      } finally {
        await context.close();
      }
    });
  }

  it('phone size: the same journey in Kazakh', async () => {
    const context = await browser.newContext(PHONE);
    try {
      await journey(context, 'kk', 'phone');
    } finally {
      await context.close();
    }
  });

  it('the other admin pages: TOTP enrolment (and turning it on), password, a user, a one-time password, the audit log; axe 0 violations', async () => {
    const admin = await makeAccount(live.t.deps, 'admin', { totp: false });
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    try {
      await page.goto(live.url('/admin/login'));
      await page.getByLabel(tr('en', 'admin.login.email')).fill(admin.email);
      await page.getByLabel(tr('en', 'admin.login.password'), { exact: true }).fill(admin.password);
      await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr('en', 'admin.login.submit') }).click(), 303);
      assert.equal(new URL(page.url()).pathname, '/admin/account/totp', 'an admin without TOTP is sent to enrolment');
      // Waits for the image itself: the page's load event may have been read off the login page still.
      const qrLoaded = await page.getByRole('img', { name: tr('en', 'admin.totp.qrAlt') }).evaluate((element) => {
        const img = element as unknown as { complete: boolean; naturalWidth: number; addEventListener(type: string, listener: () => void): void };
        if (img.complete) return img.naturalWidth > 0;
        return new Promise<boolean>((resolve) => {
          img.addEventListener('load', () => resolve(img.naturalWidth > 0));
          img.addEventListener('error', () => resolve(false));
        });
      });
      assert.ok(qrLoaded, 'the QR code loads');
      await expectNoViolations(page, 'TOTP enrolment');
      const secret = (await page.locator('.admin-secret').innerText()).replace(/\s/g, '');
      await page.getByLabel(tr('en', 'admin.totp.code')).fill(totpCode(secret, new Date()));
      await page.getByLabel(tr('en', 'admin.password.current')).fill(admin.password);
      await submitForm(page, '/admin/account/totp', () => page.getByRole('button', { name: tr('en', 'admin.totp.submit') }).click(), 303);
      assert.equal(new URL(page.url()).pathname, '/admin/account');

      await page.getByRole('link', { name: tr('en', 'admin.account.changePassword') }).click();
      await submitForm(page, '/admin/account/password', () => page.getByRole('button', { name: tr('en', 'admin.password.submit') }).click(), 422);
      await expectNoViolations(page, 'password change with errors');

      await page.getByRole('link', { name: tr('en', 'admin.nav.users') }).click();
      await page.getByLabel(tr('en', 'admin.users.email')).fill('browser.new@example.org');
      await page.getByLabel(tr('en', 'admin.users.role')).selectOption('moderator');
      await submitForm(page, '/admin/users', () => page.getByRole('button', { name: tr('en', 'admin.users.createSubmit') }).click(), 201);
      await expectNoViolations(page, 'one-time password');
      await page.getByRole('link', { name: tr('en', 'admin.oneTime.back') }).click();
      assert.match(new URL(page.url()).pathname, /^\/admin\/users\/\d+$/);
      await expectNoViolations(page, 'a user');

      await page.getByRole('link', { name: tr('en', 'admin.nav.audit') }).click();
      assert.ok(await page.getByText('user.created').first().isVisible());
      await expectNoViolations(page, 'audit log');
    } finally {
      await context.close();
    }
  });
});
