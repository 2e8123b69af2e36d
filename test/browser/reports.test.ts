// Reports, exports and erasure in a real browser: an organiser opens the reports page, chooses a
// hearing report in Kazakh and downloads the PDF, the CSV and the JSON (each button of the one form);
// a period in the wrong order brings the form back with its error summary focused; the signatories page
// asks an admin with TOTP for a code and downloads the CSV; an admin looks an address up and erases it.
// axe (WCAG 2.2 AA) finds 0 violations on every one of these pages, in English and in Kazakh.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../../src/admin/totp.ts';
import { makeAccount, type Account } from '../http/admin/support.ts';
import { buildConfirmedSignatures, petitionId } from '../support/signatures.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { activeElementClass, browserSkip, DESKTOP, launchBrowser, startLiveApp, submitForm, type LiveApp } from './support/browser.ts';
import { tr } from './support/i18n.ts';

describe('reports, exports and erasure in a browser', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  let checked = 0;
  before(async () => {
    browser = await launchBrowser();
    live = await startLiveApp();
    await buildConfirmedSignatures(live.t.deps, await petitionId(live.t.deps), [
      { country: 'PL', email: 'browser.signer@example.org', updates: true, name: 'Łucja Żak' },
      { country: 'KZ', name: 'Әсел Қасымова' },
    ]);
  });
  after(async () => {
    console.log(`axe: ${checked} report, export and erasure pages checked`);
    await browser?.close();
    await live?.close();
  });

  async function expectNoViolations(page: Page, where: string): Promise<void> {
    const violations = await axeViolations(page);
    checked += 1;
    assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(where, violations)}`);
  }

  async function signIn(page: Page, account: Account, lang: 'en' | 'kk'): Promise<void> {
    await page.goto(live.url(`/admin/language/${lang}?next=%2Fadmin%2Flogin`));
    await page.getByLabel(tr(lang, 'admin.login.email')).fill(account.email);
    await page.getByLabel(tr(lang, 'admin.login.password'), { exact: true }).fill(account.password);
    if (account.secret) await page.getByLabel(tr(lang, 'admin.login.code')).fill(totpCode(account.secret, new Date()));
    await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr(lang, 'admin.login.submit') }).click(), 303);
  }

  async function download(page: Page, click: () => Promise<unknown>): Promise<{ name: string; body: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    const where = await file.path();
    return { name: file.suggestedFilename(), body: fs.readFileSync(where) };
  }

  for (const lang of ['en', 'kk'] as const) {
    it(`${lang}: an organiser downloads the hearing report in Kazakh as PDF, CSV and JSON; axe 0 violations`, async () => {
      const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
      const page = await context.newPage();
      try {
        await signIn(page, await makeAccount(live.t.deps, 'organiser'), lang);
        await page.getByRole('link', { name: tr(lang, 'reports.admin.nav') }).click();
        assert.equal(new URL(page.url()).pathname, '/admin/reports');
        await expectNoViolations(page, `reports [${lang}]`);

        await page.getByRole('link', { name: new RegExp(`^${tr(lang, 'reports.admin.list.report')}`) }).first().click();
        assert.equal(new URL(page.url()).pathname, '/admin/petitions/zhanaozen-list/report');
        await expectNoViolations(page, `report form [${lang}]`);

        await page.getByLabel(tr(lang, 'reports.admin.report.lang')).selectOption('kk');
        const pdf = await download(page, () => page.getByRole('button', { name: tr(lang, 'reports.admin.report.pdf') }).click());
        assert.match(pdf.name, /^hearing-report-zhanaozen-list-\d{4}-\d\d-\d\d-kk\.pdf$/);
        assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
        const csv = await download(page, () => page.getByRole('button', { name: tr(lang, 'reports.admin.report.csv') }).click());
        assert.match(csv.body.toString('utf8'), /Расталған қолдар,2\r\n/);
        await page.getByLabel(tr(lang, 'reports.admin.report.ledger')).check();
        const json = await download(page, () => page.getByRole('button', { name: tr(lang, 'reports.admin.report.json') }).click());
        const report = JSON.parse(json.body.toString('utf8')) as { totals: { confirmed: number }; ledger: unknown[] };
        assert.equal(report.totals.confirmed, 2);
        assert.equal(report.ledger.length, 2);

        await page.getByLabel(tr(lang, 'reports.admin.report.from')).fill('2026-11-22');
        await page.getByLabel(tr(lang, 'reports.admin.report.to')).fill('2026-11-21');
        const answer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/report.pdf'));
        await page.getByRole('button', { name: tr(lang, 'reports.admin.report.pdf') }).click();
        assert.equal((await answer).status(), 422);
        await page.waitForLoadState('load');
        assert.match(await activeElementClass(page), /error-summary/, 'the error summary takes the focus');
        assert.ok(await page.getByRole('link', { name: tr(lang, 'reports.admin.report.errors.order') }).isVisible());
        await expectNoViolations(page, `report form with an error [${lang}]`);

        await page.goto(live.url('/admin/petitions/zhanaozen-list/signatories'));
        await expectNoViolations(page, `signatories [${lang}]`);
      } finally {
        await context.close();
      }
    });
  }

  it('an admin with TOTP exports the signatories with a fresh code, then erases an address; axe 0 violations', async () => {
    const admin = await makeAccount(live.t.deps, 'admin');
    const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
    const page = await context.newPage();
    try {
      await signIn(page, admin, 'en');
      await page.goto(live.url('/admin/petitions/zhanaozen-list/signatories'));
      await submitForm(page, '/admin/petitions/zhanaozen-list/signatories', () => page.getByRole('button', { name: tr('en', 'reports.admin.export.submit') }).click(), 422);
      await expectNoViolations(page, 'signatories without a code');
      // The login spent this time-step's code; the next step's code is accepted (one step either side).
      await page.getByLabel(tr('en', 'reports.admin.export.code')).fill(totpCode(admin.secret!, new Date(Date.now() + 30_000)));
      const csv = await download(page, () => page.getByRole('button', { name: tr('en', 'reports.admin.export.submit') }).click());
      assert.match(csv.name, /^signatories-zhanaozen-list-\d{4}-\d\d-\d\d\.csv$/);
      assert.match(csv.body.toString('utf8'), /Łucja Żak,PL,\d{4}-\d\d-\d\d,en,browser\.signer@example\.org/);

      await page.getByRole('link', { name: tr('en', 'erasure.nav') }).click();
      await expectNoViolations(page, 'erasure form');
      await page.getByLabel(tr('en', 'erasure.email')).fill('Browser.Signer@example.org');
      await submitForm(page, '/admin/erasure/find', () => page.getByRole('button', { name: tr('en', 'erasure.find') }).click(), 200);
      await expectNoViolations(page, 'what is stored');
      await page.getByLabel(tr('en', 'erasure.found.keep')).check();
      await submitForm(page, '/admin/erasure/erase', () => page.getByRole('button', { name: tr('en', 'erasure.found.submit') }).click(), 303);
      assert.ok(await page.getByText(tr('en', 'erasure.done.title')).isVisible());
      await expectNoViolations(page, 'erased');
    } finally {
      await context.close();
    }
  });
});
