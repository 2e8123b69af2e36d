// The letter tool in a real browser, JavaScript off, at phone size, in Polish and English: choose MEPs,
// write a paragraph, see the letters, send them through Dauys, confirm from the emailed link, and the
// MEPs receive them. axe (WCAG 2.2 AA) checks every page on the way, and the pressure map with its
// 720-seat hemicycle at phone and desktop size.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Response as PwResponse } from 'playwright-core';
import { buildTestApp, BASE_URL, type TestApp } from '../support/app.ts';
import { movableClock, sittingMeps, uniqueParagraph } from '../support/letters.ts';
import { linkIn } from '../support/smtp.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { browserSkip, DESKTOP, launchBrowser, PHONE, submitForm, type Lang } from './support/browser.ts';
import { tr } from './support/i18n.ts';
import { makeAccount } from '../http/admin/support.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

/** The last document each page loaded (its HTML), so pages seen with JavaScript off can be checked by axe. */
const documents = new WeakMap<Page, { url: string; html: Promise<string> }>();
function trackDocuments(page: Page): Page {
  page.on('response', (response: PwResponse) => {
    const status = response.status();
    if (response.request().resourceType() !== 'document' || response.frame() !== page.mainFrame() || (status >= 300 && status < 400)) return;
    const html = response.text(); // read at once: the body is gone after the next navigation
    html.catch(() => undefined);
    documents.set(page, { url: response.url(), html });
  });
  return page;
}

/**
 * axe needs script in the page: with JavaScript off it cannot run there. So the HTML the page got is
 * served again at the same address (same CSS and fonts, the app's own script) to a page of the same
 * size with JavaScript on, and axe checks that.
 */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const seen = documents.get(page);
  if (!seen) throw new Error(`no document seen on ${where}`);
  const html = await seen.html;
  const context = await page.context().browser()!.newContext({ viewport: page.viewportSize() ?? { width: 390, height: 844 }, javaScriptEnabled: true });
  try {
    const target = await context.newPage();
    const address = seen.url;
    await target.route((u) => u.href === address, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await target.goto(address);
    const violations = await axeViolations(target);
    assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(where, violations)}`);
  } finally {
    await context.close();
  }
}

describe('letters in the browser', { skip: browserSkip }, () => {
  let t: TestApp;
  let server: Server;
  let origin: string;
  let browser: Browser;
  const clock = movableClock('2026-12-02T09:00:00Z'); // a Wednesday, 10:00 in Brussels
  const url = (path: string) => `${origin}${path}`;
  const local = (link: string) => url(new URL(link).pathname);

  before(async () => {
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    t = await buildTestApp({ clock });
    server = await new Promise((resolve, reject) => {
      const s = t.app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await t?.close();
  });

  const JOURNEYS: { lang: Lang; country?: string; meps: number[]; sender: { name: string; email: string; country: string } }[] = [
    { lang: 'pl', meps: sittingMeps({ country: 'PL' }).slice(0, 2).map((m) => m.id), sender: { name: 'Łucja Żółćńska', email: 'lucja@example.org', country: 'PL' } },
    { lang: 'en', country: 'DE', meps: sittingMeps({ country: 'DE' }).slice(0, 2).map((m) => m.id), sender: { name: 'Aigerim Browser', email: 'aigerim@example.org', country: 'KZ' } },
  ];

  for (const journey of JOURNEYS) {
    it(`${journey.lang}: choose MEPs → write → letters → send through Dauys → confirm (JavaScript off, phone)`, async () => {
      const { lang } = journey;
      const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
      try {
        const page = trackDocuments(await context.newPage());
        await page.goto(url(`/${lang}/letters`));
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        if (journey.country) {
          await page.locator('#filter-country').selectOption(journey.country);
          await page.getByRole('button', { name: tr(lang, 'letters.tool.show'), exact: true }).tap();
          await page.waitForURL(new RegExp(`country=${journey.country}`));
        }
        await expectAccessible(page, `/${lang}/letters (phone)`);
        for (const id of journey.meps) await page.locator(`#mep-${id}`).tap();
        await page.locator('#personal').fill(uniqueParagraph(`browser ${lang}`));
        await page.getByLabel(tr(lang, 'letters.form.name'), { exact: true }).fill(journey.sender.name);
        await page.getByLabel(tr(lang, 'letters.form.email'), { exact: true }).fill(journey.sender.email);
        await page.locator('#country').selectOption(journey.sender.country);
        await page.locator('#consent').tap();
        await page.screenshot({ path: `${SCREENSHOT_DIR}${lang}-letters-phone.png`, fullPage: true });
        await submitForm(page, `/${lang}/letters/drafts`, () => page.getByRole('button', { name: tr(lang, 'letters.form.submit'), exact: true }).tap(), 200);

        assert.equal((await page.locator('h1').textContent())?.trim(), tr(lang, 'letters.drafts.title'));
        assert.equal(await page.locator('section.draft').count(), 2);
        assert.equal(await page.locator('section.draft a[href^="mailto:"]').count(), 2);
        await expectAccessible(page, `/${lang}/letters/drafts (phone)`);
        await page.screenshot({ path: `${SCREENSHOT_DIR}${lang}-letters-drafts-phone.png`, fullPage: true });
        await submitForm(page, `/${lang}/letters/send`, () => page.getByRole('button', { name: tr(lang, 'letters.drafts.platformSubmit', { count: 2 }), exact: true }).tap(), 200);
        assert.equal((await page.locator('h1').textContent())?.trim(), tr(lang, 'letters.checkEmail.title'));
        await expectAccessible(page, `/${lang}/letters/send (phone)`);

        const [mail] = await t.smtp.waitForTo(journey.sender.email, 1);
        const confirm = local(linkIn(mail!, new RegExp(`/${lang}/letters/confirm/`)));
        await page.goto(confirm);
        assert.equal((await page.locator('h1').textContent())?.trim(), tr(lang, 'letters.confirm.title'));
        await expectAccessible(page, 'the confirmation page (phone)');
        await submitForm(page, new URL(confirm).pathname, () => page.getByRole('button', { name: tr(lang, 'letters.confirm.submit'), exact: true }).tap(), 303);
        assert.equal((await page.locator('h1').textContent())?.trim(), tr(lang, 'letters.confirmed.title'));
        await expectAccessible(page, 'the status page (phone)');

        const meps = sittingMeps().filter((m) => journey.meps.includes(m.id));
        for (const mep of meps) {
          const [letter] = await t.smtp.waitForTo(mep.email!, 1);
          assert.equal(letter!.from?.value[0]?.name, `${journey.sender.name} via Dauys`);
          assert.equal(letter!.replyTo?.value[0]?.address, journey.sender.email);
        }
      } finally {
        await context.close();
      }
    });
  }

  for (const [label, options] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    it(`the pressure map draws 720 seats and passes axe (${label})`, async () => {
      const context = await browser.newContext({ ...options, javaScriptEnabled: label === 'desktop' });
      try {
        const page = trackDocuments(await context.newPage());
        const res = await page.goto(url('/en/letters/map'));
        assert.equal(res?.status(), 200);
        assert.equal(await page.locator('svg.hemicycle circle').count(), 720);
        const box = await page.locator('svg.hemicycle').boundingBox();
        assert.ok(box && box.width > 300, 'the hemicycle fills the width');
        await expectAccessible(page, `/en/letters/map (${label})`);
        await page.screenshot({ path: `${SCREENSHOT_DIR}en-letters-map-${label}.png`, fullPage: true });
        const kk = await page.goto(url('/kk/letters/map'));
        assert.equal(kk?.status(), 200);
        await expectAccessible(page, `/kk/letters/map (${label})`);
      } finally {
        await context.close();
      }
    });
  }

  it('the tool with an error summary, and with JavaScript on (search box, copy button) passes axe', async () => {
    const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: true });
    try {
      const page = trackDocuments(await context.newPage());
      await page.goto(url('/ru/letters?country=LT'));
      assert.equal(await page.locator('#mep-search').isVisible(), true, 'the search box appears with JavaScript');
      await submitForm(page, '/ru/letters/drafts', () => page.getByRole('button', { name: tr('ru', 'letters.form.submit'), exact: true }).click(), 422);
      assert.equal(await page.locator('.error-summary').count(), 1);
      await expectAccessible(page, '/ru/letters after an empty submit (desktop, JS on)');
      void BASE_URL;
    } finally {
      await context.close();
    }
  });

  it('the organisers’ letter pages pass axe (desktop), in Kazakh and English', async () => {
    const organiser = await makeAccount(t.deps, 'organiser');
    const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: true });
    try {
      const page = trackDocuments(await context.newPage());
      await page.goto(url('/admin/letters'));
      await page.getByLabel(tr('en', 'admin.login.email')).fill(organiser.email);
      await page.getByLabel(tr('en', 'admin.login.password'), { exact: true }).fill(organiser.password);
      await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr('en', 'admin.login.submit') }).click(), 303);
      const [mep] = sittingMeps({ country: 'MT' });
      const prisoner = await t.db('political_prisoners').first('id');
      for (const path of ['/admin/letters', '/admin/letters/zhanaozen-epca', '/admin/letters/zhanaozen-epca/texts/kk', `/admin/letters/zhanaozen-epca/prisoners/${prisoner.id}`, '/admin/letters/zhanaozen-epca/prisoners/new', '/admin/letters/zhanaozen-epca/positions?country=PL', `/admin/letters/zhanaozen-epca/positions/${mep!.id}`]) {
        const res = await page.goto(url(path));
        assert.equal(res?.status(), 200, path);
        await expectAccessible(page, `${path} (desktop)`);
      }
      await page.goto(url('/admin/letters/zhanaozen-epca/positions/' + mep!.id));
      await submitForm(page, `/admin/letters/zhanaozen-epca/positions/${mep!.id}`, () => page.getByRole('button', { name: tr('en', 'letters.admin.save'), exact: true }).click(), 422);
      await expectAccessible(page, 'a position form with errors (desktop)');
    } finally {
      await context.close();
    }
  });
});
