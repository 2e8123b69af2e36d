// The organisers' content pages in a real browser: an organiser logs in, opens the list (languages
// present and missing), a petition, its Russian text, previews a body full of HTML and script and
// saves it; axe (WCAG 2.2 AA) passes on each page, no dialog opens and no CSP violation is reported,
// and the public page shows the text as previewed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, formatViolations } from './support/axe.ts';
import { browserSkip, DESKTOP, launchBrowser, PETITION, startLiveApp, submitForm, type LiveApp } from './support/browser.ts';
import { tr } from './support/i18n.ts';
import { makeAccount } from '../http/admin/support.ts';

const NAUGHTY = '**Bold** [1] <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))\n\n- one\n- two\n\n"><svg/onload=alert(4)>';

describe('organisers’ content pages in the browser', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  before(async () => {
    live = await startLiveApp({ workers: false });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  async function expectAccessible(page: Page, where: string) {
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(where, violations)}`);
  }

  it('list, petition, text form with a preview: accessible, no dialog, no CSP violation; the public page shows what was previewed', async () => {
    const organiser = await makeAccount(live.t.deps, 'organiser');
    const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: true });
    const dialogs: string[] = [];
    const cspReports: string[] = [];
    try {
      const page = await context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspReports.push(m.text());
      });
      await page.goto(live.url('/admin/content'));
      await page.getByLabel(tr('en', 'admin.login.email')).fill(organiser.email);
      await page.getByLabel(tr('en', 'admin.login.password'), { exact: true }).fill(organiser.password);
      await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr('en', 'admin.login.submit') }).click(), 303);
      assert.equal(new URL(page.url()).pathname, '/admin/content');
      await expectAccessible(page, '/admin/content');
      for (const path of [`/admin/content/petitions/${PETITION}`, '/admin/content/campaigns/zhanaozen/texts/kk']) {
        assert.equal((await page.goto(live.url(path)))?.status(), 200, path);
        await expectAccessible(page, path);
      }

      const form = `/admin/content/petitions/${PETITION}/texts/ru`;
      await page.goto(live.url(form));
      await expectAccessible(page, form);
      await page.getByLabel(tr('en', 'content.fields.body')).fill(NAUGHTY);
      await submitForm(page, form, () => page.getByRole('button', { name: tr('en', 'content.admin.preview'), exact: true }).click(), 200);
      const preview = await page.locator('.content-preview__body').innerHTML();
      assert.match(preview, /<strong>Bold<\/strong>/);
      assert.equal(await page.locator('.content-preview__body script, .content-preview__body img, .content-preview__body svg').count(), 0);
      await expectAccessible(page, `${form} (preview)`);
      await page.getByLabel(tr('en', 'content.fields.title'), { exact: true }).fill('');
      await submitForm(page, form, () => page.getByRole('button', { name: tr('en', 'content.admin.save'), exact: true }).click(), 422);
      assert.equal(await page.locator('.error-summary').count(), 1);
      await expectAccessible(page, `${form} (errors)`);
      await page.getByLabel(tr('en', 'content.fields.title'), { exact: true }).fill('Заголовок из браузера');
      await submitForm(page, form, () => page.getByRole('button', { name: tr('en', 'content.admin.save'), exact: true }).click(), 303);

      await page.goto(live.url(`/ru/petitions/${PETITION}`));
      assert.equal(await page.locator('h1').innerText(), 'Заголовок из браузера');
      assert.equal(await page.locator('.petition__body').innerHTML(), preview);
      assert.equal(await page.locator('.petition__body script, .petition__body img, .petition__body svg').count(), 0);
      await expectAccessible(page, `/ru/petitions/${PETITION} (edited)`);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(cspReports, []);
    } finally {
      await context.close();
    }
  });
});
