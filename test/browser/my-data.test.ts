// One's own data in a real browser: the form → the answer → the emailed link's page → erase → the
// confirmation, and an expired link's page; axe finds no WCAG A/AA violation on any of them. Once with
// JavaScript off on a desktop (in English), once with it on, on a phone (in Kazakh): nothing needs it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { linkIn } from '../support/smtp.ts';
import { buildConfirmedSignatures, petitionId } from '../support/signatures.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { browserSkip, DESKTOP, launchBrowser, PHONE, startLiveApp, submitForm, uniqueEmail, type Lang, type LiveApp } from './support/browser.ts';

const MODES: { lang: Lang; label: string; options: BrowserContextOptions }[] = [
  { lang: 'en', label: 'JS off, desktop', options: { ...DESKTOP, javaScriptEnabled: false } },
  { lang: 'kk', label: 'JS on, phone', options: { ...PHONE, javaScriptEnabled: true } },
];

/**
 * axe runs as script in the page. With JavaScript off it cannot, so the document the page shows is
 * served again at its address (the same CSS, fonts and script) to a page of the same size with
 * JavaScript on, and axe checks that.
 */
async function noViolations(page: Page, where: string, javaScript: boolean): Promise<void> {
  let target = page;
  let context: BrowserContext | undefined;
  if (!javaScript) {
    context = await page.context().browser()!.newContext({ viewport: page.viewportSize() ?? DESKTOP.viewport!, javaScriptEnabled: true });
    target = await context.newPage();
    const address = page.url();
    const html = await page.content();
    await target.route((u) => u.href === address, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await target.goto(address);
  }
  try {
    const violations = await axeViolations(target);
    assert.equal(violations.length, 0, formatViolations(where, violations));
  } finally {
    await context?.close();
  }
}

describe('my-data in the browser', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
    live = await startLiveApp();
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  for (const mode of MODES) {
    it(`${mode.lang}, ${mode.label}: ask, read, erase; every page accessible`, async () => {
      const email = uniqueEmail(`mydata-${mode.lang}`);
      await buildConfirmedSignatures(live.t.deps, await petitionId(live.t.deps), [{ email, name: 'Browser Owner', country: 'KZ', lang: mode.lang }]);
      const context = await browser.newContext(mode.options);
      const page = await context.newPage();
      try {
        await page.goto(live.url(`/${mode.lang}/my-data`));
        await noViolations(page, 'the form', mode.options.javaScriptEnabled === true);
        await page.fill('#email', email);
        await submitForm(page, `/${mode.lang}/my-data`, () => page.click('button[type="submit"]'), 303);
        assert.equal(new URL(page.url()).pathname, `/${mode.lang}/my-data/sent`);
        await noViolations(page, 'the answer', mode.options.javaScriptEnabled === true);

        const [mail] = await live.t.smtp.waitForTo(email, 1);
        const link = live.local(linkIn(mail!, /\/my-data\/[A-Za-z0-9_-]{43}/));
        await page.goto(link);
        assert.ok((await page.content()).includes('Browser Owner'));
        await noViolations(page, 'the link page', mode.options.javaScriptEnabled === true);

        const path = `${new URL(link).pathname}/erase`;
        await submitForm(page, path, () => page.click('form[action$="/erase"] button'), 303);
        assert.equal(new URL(page.url()).pathname, `/${mode.lang}/my-data/erased`);
        await noViolations(page, 'the erase confirmation', mode.options.javaScriptEnabled === true);

        await page.goto(link);
        await noViolations(page, 'the dead link', mode.options.javaScriptEnabled === true);
        assert.equal(await page.locator(`a[href="/${mode.lang}/my-data"]`).count() > 0, true, 'it offers to ask again');
      } finally {
        await context.close();
      }
    });
  }
});
