// In Chromium with JavaScript off (Tor Browser's "Safest") at phone size: read the advice, send a message
// and a file, get the 12 words; come back with them, read an organiser's reply, add more; and the
// proposed list with a published entry. axe (WCAG 2.2 AA) finds nothing on any of these pages. axe needs
// timers, which do not run in a page with JavaScript off, so each page as the JS-off browser got it (HTML
// and URL, the site's CSS and fonts) is opened again in a JS-on tab of the same size and checked there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createEvidenceDeps } from '../../src/evidence/evidence-deps.ts';
import { replyToSource } from '../../src/evidence/reply-to-source.ts';
import { approveVersion } from '../../src/list/approve-version.ts';
import { saveVersion } from '../../src/list/save-version.ts';
import { submitForReview } from '../../src/list/submit-for-review.ts';
import { addOrganiserKey, makeOrganiserKey, markedPdf } from '../support/evidence.ts';
import { makeAccount } from '../http/admin/support.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { browserSkip, launchBrowser, PHONE, startLiveApp, submitForm, type LiveApp } from './support/browser.ts';
import { tr } from './support/i18n.ts';

const REPLY = 'Спасибо. Можете ли вы назвать подразделение?';

describe('evidence and the list in the browser, JavaScript off, phone size', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  let context: BrowserContext;
  let axeContext: BrowserContext;
  let page: Page;
  let work: string;
  let receipt = '';
  let [first, second] = [0, 0];
  const checked: string[] = [];

  const expectNoViolations = async (where: string) => {
    const url = page.url();
    const html = await page.content();
    const copy = await axeContext.newPage();
    try {
      await copy.route((u) => u.href === url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await copy.goto(url);
      const violations = await axeViolations(copy);
      checked.push(where);
      assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(where, violations)}`);
    } finally {
      await copy.close();
    }
  };

  before(async () => {
    browser = await launchBrowser();
    live = await startLiveApp();
    await addOrganiserKey(live.t.db, await makeOrganiserKey());
    [first, second] = [(await makeAccount(live.t.deps, 'organiser')).id, (await makeAccount(live.t.deps, 'organiser')).id];
    context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    axeContext = await browser.newContext({ ...PHONE, javaScriptEnabled: true });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-browser-evidence-'));
  });
  after(async () => {
    console.log(`axe, JavaScript off, phone: ${checked.length} evidence and list pages, 0 violations (${checked.join('; ')})`);
    await context?.close();
    await axeContext?.close();
    await browser?.close();
    await live?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('ru: advice first, then the form; sending a message and a file shows the 12 words once', async () => {
    const res = await page.goto(live.url('/ru/submit'));
    assert.equal(res?.status(), 200);
    assert.equal(await page.evaluate('typeof document.documentElement'), 'object'); // the test's own probe, not the page's scripts
    const safety = page.locator('.safety');
    const form = page.locator('form[enctype="multipart/form-data"]');
    assert.ok((await safety.boundingBox())!.y < (await form.boundingBox())!.y, 'the safety advice comes before the form');
    assert.equal(await page.locator('h2#safety-title').textContent(), tr('ru', 'evidence.safety.title'));
    await expectNoViolations('/ru/submit');

    const file = path.join(work, 'протокол.pdf');
    fs.writeFileSync(file, markedPdf(300_000, 'browser-'));
    await form.getByLabel(tr('ru', 'evidence.form.message')).fill('Проверка из браузера: подробности событий.');
    await page.locator('#who').fill('Командир подразделения');
    await page.locator('#files').setInputFiles(file);
    await submitForm(page, '/ru/submit', () => form.getByRole('button', { name: tr('ru', 'evidence.form.submit'), exact: true }).tap(), 200);
    assert.equal(new URL(page.url()).pathname, '/ru/submit', 'the receipt is on the same URL, never in an address');
    assert.equal(await page.locator('h1').textContent(), tr('ru', 'evidence.receipt.title'));
    const words = await page.locator('.receipt__words li').allTextContents();
    assert.equal(words.length, 12);
    receipt = words.join(' ');
    assert.deepEqual(await context.cookies(), [], 'no cookie was set');
    await expectNoViolations('/ru/submit (receipt)');
  });

  it('an empty send shows the error summary, translated, and is accessible', async () => {
    await page.goto(live.url('/kk/submit'));
    await submitForm(page, '/kk/submit', () => page.getByRole('button', { name: tr('kk', 'evidence.form.submit'), exact: true }).tap(), 422);
    assert.ok((await page.locator('.error-summary').textContent())!.includes(tr('kk', 'evidence.errors.messageOrFile')));
    await expectNoViolations('/kk/submit (422)');
  });

  it('ru: with the receipt the source sees the status and the reply, and adds a file', async () => {
    const reportId = (await live.t.db('evidence_reports').first<{ id: string }>('id'))!.id;
    assert.equal((await replyToSource(createEvidenceDeps(live.t.deps), { reportId, text: REPLY, by: first })).kind, 'sent');
    await page.goto(live.url('/ru/submit/status'));
    await expectNoViolations('/ru/submit/status');
    await page.getByLabel(tr('ru', 'evidence.status.receipt'), { exact: true }).fill(receipt);
    await submitForm(page, '/ru/submit/status', () => page.getByRole('button', { name: tr('ru', 'evidence.status.open'), exact: true }).tap(), 200);
    assert.equal(await page.locator('h1').textContent(), tr('ru', 'evidence.status.title'));
    assert.ok((await page.locator('.facts').textContent())!.includes(tr('ru', 'evidence.statuses.new')));
    assert.equal((await page.locator('.reply__text').textContent())?.trim(), REPLY);
    await expectNoViolations('/ru/submit/status (found)');

    const more = path.join(work, 'more.txt');
    fs.writeFileSync(more, 'Дополнение: номер приказа.\n');
    await page.locator('#more #files').setInputFiles(more);
    await submitForm(page, '/ru/submit/more', () => page.getByRole('button', { name: tr('ru', 'evidence.more.submit'), exact: true }).tap(), 200);
    assert.equal(await page.locator('h1').textContent(), tr('ru', 'evidence.added.title'));
    await expectNoViolations('/ru/submit/more (added)');
  });

  it('a wrong receipt shows nothing but the error', async () => {
    await page.goto(live.url('/pl/submit/status'));
    await page.getByLabel(tr('pl', 'evidence.status.receipt'), { exact: true }).fill('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
    await submitForm(page, '/pl/submit/status', () => page.getByRole('button', { name: tr('pl', 'evidence.status.open'), exact: true }).tap(), 422);
    assert.ok((await page.locator('.error-summary').textContent())!.includes(tr('pl', 'evidence.errors.wrongReceipt')));
    assert.equal(await page.locator('.reply').count(), 0);
    await expectNoViolations('/pl/submit/status (wrong)');
  });

  it('the proposed list, filtered, and an entry page', async () => {
    const deps = live.t.deps;
    const saved = await saveVersion(deps, {
      slug: 'browser-entry',
      content: {
        names: { original: 'Асхат Тестов', latin: 'Askhat Testov', cyrillic: 'Асхат Тестов' },
        category: 'unlawful-prosecution',
        texts: Object.fromEntries(['en', 'ru', 'kk', 'pl'].map((l) => [l, { position: `Judge (${l})`, institution: `Regional court (${l})`, summary: `A summary in ${l}.` }])),
        sources: [{ title: 'A public source', url: 'https://example.org/source', date: '2013-05-01' }, { title: 'A source without a link', url: null, date: null }],
      },
      note: '',
      by: first,
    });
    assert.equal(saved.kind, 'saved');
    const { entryId, number } = saved as { entryId: number; number: number };
    await submitForReview(deps, { entryId, number, by: first });
    assert.equal((await approveVersion(deps, { entryId, number, by: second })).kind, 'published');

    await page.goto(live.url('/kk/list'));
    assert.equal(await page.locator('h1').textContent(), tr('kk', 'list.title'));
    assert.ok((await page.locator('.list__disclaimer').textContent())!.includes(tr('kk', 'list.disclaimer')));
    await expectNoViolations('/kk/list');
    await page.getByRole('link', { name: tr('kk', 'list.categories.unlawfulProsecution'), exact: true }).first().tap();
    await page.waitForURL(/\/kk\/list\?category=unlawful-prosecution$/);
    await expectNoViolations('/kk/list?category=unlawful-prosecution');
    await page.getByRole('link', { name: 'Асхат Тестов', exact: true }).tap();
    await page.waitForURL(/\/kk\/list\/browser-entry$/);
    assert.equal(await page.locator('.sources__list li').count(), 2);
    await expectNoViolations('/kk/list/browser-entry');
  });
});
