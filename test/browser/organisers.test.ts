// The organisers' area in a real browser: an organiser (made by the users use-case) logs in, opens the
// dashboard (chart and map inline SVG, member states), switches the public member-state table on (the
// public page shows it) and downloads the hearing report as CSV and PDF from the dashboard's links; a
// moderator invalidates a signature (first without a reason: the 422 error summary takes the focus),
// restores it, hides its public name, and previews and applies a bulk invalidation by email domain.
// axe (WCAG 2.2 AA) finds 0 violations on every page and form state, in English and in Kazakh.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeAccount, type Account } from '../http/admin/support.ts';
import { buildConfirmedSignatures, petitionId } from '../support/signatures.ts';
import { domainHash } from '../../src/petitions/index.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { activeElementClass, browserSkip, DESKTOP, launchBrowser, startLiveApp, submitForm, type LiveApp } from './support/browser.ts';
import { tr } from './support/i18n.ts';

const SLUG = 'zhanaozen-list';

describe('dashboard and moderation in a browser', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  let petition: number;
  let checked = 0;
  before(async () => {
    browser = await launchBrowser();
    live = await startLiveApp();
    petition = await petitionId(live.t.deps);
    await buildConfirmedSignatures(live.t.deps, petition, [
      { country: 'PL', name: 'Łucja Żak', public: true },
      { country: 'MT' },
      { country: 'LU' },
      { country: 'KZ', name: 'Әсел Қасымова', public: true },
    ]);
  });
  after(async () => {
    console.log(`axe: ${checked} dashboard and moderation pages checked`);
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
    await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr(lang, 'admin.login.submit') }).click(), 303);
  }

  async function download(page: Page, click: () => Promise<unknown>): Promise<{ name: string; body: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: file.suggestedFilename(), body: fs.readFileSync(await file.path()) };
  }

  const validity = async (id: string) => ((await live.t.db('signatures').where({ id }).first('validity')) as { validity: string }).validity;

  for (const lang of ['en', 'kk'] as const) {
    it(`${lang}: an organiser reads the dashboard, shows the member-state table and downloads the report; axe 0 violations`, async () => {
      const context = await browser.newContext({ ...DESKTOP, acceptDownloads: true });
      const page = await context.newPage();
      try {
        await signIn(page, await makeAccount(live.t.deps, 'organiser'), lang);
        await page.getByRole('link', { name: tr(lang, 'dashboard.admin.nav') }).click();
        assert.equal(new URL(page.url()).pathname, '/admin/dashboard');
        await expectNoViolations(page, `dashboard list [${lang}]`);

        await page.locator(`a[href="/admin/petitions/${SLUG}/dashboard"]`).click();
        assert.equal(new URL(page.url()).pathname, `/admin/petitions/${SLUG}/dashboard`);
        assert.ok(await page.locator('svg.dashboard-chart').isVisible());
        assert.ok(await page.locator('svg.dashboard-map').isVisible());
        assert.equal(await page.locator('svg.dashboard-map path title').filter({ hasText: /^Malta|Мальта/ }).count(), 1);
        await expectNoViolations(page, `dashboard [${lang}]`);

        const toggle = page.getByRole('button', { name: /.+/ }).filter({ hasText: new RegExp(`^(${tr(lang, 'dashboard.memberStates.show')}|${tr(lang, 'dashboard.memberStates.hide')})$`) });
        await submitForm(page, `/admin/petitions/${SLUG}/member-states`, () => toggle.click(), 303);
        assert.ok(await page.getByText(tr(lang, lang === 'en' ? 'dashboard.memberStates.doneShown' : 'dashboard.memberStates.doneHidden')).isVisible());
        await expectNoViolations(page, `dashboard after the switch [${lang}]`);
        if (lang === 'en') {
          const publicPage = await context.newPage();
          await publicPage.goto(live.url(`/en/petitions/${SLUG}`));
          assert.ok(await publicPage.getByRole('heading', { name: tr('en', 'dashboard.public.title') }).isVisible(), 'the switch shows the table at once');
          await expectNoViolations(publicPage, 'public petition page with the member-state table');
          await publicPage.close();
        }

        const csv = await download(page, () => page.getByRole('link', { name: tr(lang, 'dashboard.report.csv'), exact: true }).click());
        assert.match(csv.name, /\.csv$/);
        assert.match(csv.body.toString('utf8'), /,4\r\n/);
        const pdf = await download(page, () => page.getByRole('link', { name: tr(lang, 'dashboard.report.pdf'), exact: true }).click());
        assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
      } finally {
        await context.close();
      }
    });
  }

  for (const lang of ['en', 'kk'] as const) {
    it(`${lang}: a moderator invalidates and restores a signature, and invalidates a domain in bulk; axe 0 violations`, async () => {
      const [id] = await buildConfirmedSignatures(live.t.deps, petition, [{ country: 'DE', name: 'Doubtful Signer', public: true, email: `x.${lang}@bulk-${lang}.test` }]);
      await buildConfirmedSignatures(live.t.deps, petition, [{ country: 'DE', email: `y.${lang}@bulk-${lang}.test` }]);
      await live.t.db('signatures').where({ petition_id: petition }).whereRaw("email_hash is not null and domain_hash is null and country = 'DE'").update({ domain_hash: domainHash(live.t.deps.secrets.lookupKey, `bulk-${lang}.test`) });
      const context = await browser.newContext(DESKTOP);
      const page = await context.newPage();
      try {
        await signIn(page, await makeAccount(live.t.deps, 'moderator'), lang);
        await page.getByRole('link', { name: tr(lang, 'moderation.admin.nav') }).click();
        await expectNoViolations(page, `moderation list [${lang}]`);
        await page.locator(`a[href="/admin/petitions/${SLUG}/moderation"]`).click();
        await expectNoViolations(page, `petition moderation [${lang}]`);

        await page.locator(`a[href="/admin/petitions/${SLUG}/signatures/${id}"]`).click();
        await expectNoViolations(page, `signature [${lang}]`);
        const invalidate = page.getByRole('button', { name: tr(lang, 'moderation.signature.invalidate'), exact: true });
        await submitForm(page, `/admin/petitions/${SLUG}/signatures/${id}/invalidate`, () => invalidate.click(), 422);
        assert.match(await activeElementClass(page), /error-summary/, 'the error summary takes the focus');
        assert.ok(await page.getByRole('link', { name: tr(lang, 'moderation.errors.reason') }).isVisible());
        await expectNoViolations(page, `signature with an error [${lang}]`);

        await page.locator('#reason').fill('Test: the same person twice');
        await submitForm(page, `/admin/petitions/${SLUG}/signatures/${id}/invalidate`, () => invalidate.click(), 303);
        assert.equal(await validity(id!), 'invalidated');
        assert.ok(await page.getByText(tr(lang, 'moderation.done.invalidated')).isVisible());
        await expectNoViolations(page, `moderation after invalidating [${lang}]`);

        await page.goto(live.url(`/admin/petitions/${SLUG}/signatures/${id}`));
        await page.locator('#reason').fill('Checked: two people');
        await submitForm(page, `/admin/petitions/${SLUG}/signatures/${id}/restore`, () => page.getByRole('button', { name: tr(lang, 'moderation.signature.restore'), exact: true }).click(), 303);
        assert.equal(await validity(id!), 'valid');

        await page.goto(live.url(`/admin/petitions/${SLUG}/signatures/${id}`));
        await page.locator('#hide-reason').fill('Not a real name');
        await submitForm(page, `/admin/petitions/${SLUG}/signatures/${id}/hide`, () => page.getByRole('button', { name: tr(lang, 'moderation.signature.hide'), exact: true }).click(), 303);

        await page.locator('#value').fill('not a domain');
        await submitForm(page, `/admin/petitions/${SLUG}/moderation/preview`, () => page.getByRole('button', { name: tr(lang, 'moderation.bulk.preview') }).click(), 422);
        assert.match(await activeElementClass(page), /error-summary/);
        await expectNoViolations(page, `bulk form with errors [${lang}]`);

        await page.locator('#value').fill(`bulk-${lang}.test`);
        await page.locator('#reason').fill('Test: a bot domain');
        await submitForm(page, `/admin/petitions/${SLUG}/moderation/preview`, () => page.getByRole('button', { name: tr(lang, 'moderation.bulk.preview') }).click(), 200);
        assert.ok(await page.getByText(tr(lang, 'moderation.preview.willInvalidate', { count: 2, formatted: '2' })).isVisible());
        await expectNoViolations(page, `bulk preview [${lang}]`);
        await submitForm(page, `/admin/petitions/${SLUG}/moderation/apply`, () => page.getByRole('button', { name: tr(lang, 'moderation.preview.confirmInvalidate', { count: 2, formatted: '2' }) }).click(), 303);
        assert.equal(await validity(id!), 'invalidated');
        assert.ok(await page.getByText(tr(lang, 'moderation.done.bulkInvalidated', { count: 2, formatted: '2' })).isVisible());
        await expectNoViolations(page, `moderation after the bulk action [${lang}]`);

        await page.goto(live.url(`/admin/petitions/${SLUG}/dashboard`));
        await expectNoViolations(page, `dashboard, read-only [${lang}]`);
      } finally {
        await context.close();
      }
    });
  }
});
