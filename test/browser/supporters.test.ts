// Updates to signers and deliverability in a real browser, in English and in Russian. An organiser signs
// in, opens the updates list, composes an update (first with a subject and no text: the 422 error summary
// takes the focus, the values are kept), reads the sanitised preview and the recipients per language,
// sends a test to their own address (its unsubscribe link leads to the "link does not work" page), sends
// the update and sees its progress; then, on the deliverability page, submits the lift form with a value
// that is no address (422) and lifts a real suppression. A recipient with JavaScript off takes the
// unsubscribe link from the update the test SMTP server received: the GET shows a button and changes
// nothing, the POST unsubscribes (the database says so) and shows the done page.
// axe (WCAG 2.2 AA) finds 0 violations on every page and form state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeAccount, type Account } from '../http/admin/support.ts';
import { linkIn } from '../support/smtp.ts';
import { buildConfirmedSignatures, petitionId } from '../support/signatures.ts';
import { hmac } from '../../src/lib/crypto.ts';
import { canonicalEmail } from '../../src/petitions/email-canonical.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { activeElementClass, browserSkip, DESKTOP, htmlLang, launchBrowser, startLiveApp, submitForm, type LiveApp } from './support/browser.ts';
import { tr } from './support/i18n.ts';

const LANGS = ['en', 'ru'] as const;
type TestLang = (typeof LANGS)[number];

const UNSUBSCRIBE_LINK = /\/unsubscribe\/[A-Za-z0-9_-]{43}/;

async function waitFor(what: string, probe: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const header = (mail: ParsedMail, name: string): string => {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase());
  return line ? line.line.slice(line.line.indexOf(':') + 1).trim() : '';
};

describe('updates to signers and deliverability in a browser', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  let petition: number;
  let checked = 0;
  /** The update each language's organiser sent, and its recipient (read by the recipient's test). */
  const sent = new Map<TestLang, { id: number; subject: string; reader: string }>();
  const hashOf = (address: string) => hmac(live.t.deps.secrets.lookupKey, canonicalEmail(address)!);

  before(async () => {
    browser = await launchBrowser();
    live = await startLiveApp();
    petition = await petitionId(live.t.deps);
  });
  after(async () => {
    console.log(`axe: ${checked} supporters pages checked`);
    await browser?.close();
    await live?.close();
  });

  /**
   * axe runs as script in the page. With JavaScript off it cannot, so the document the page shows is
   * served again at its address (the same CSS, fonts and script) to a page of the same size with
   * JavaScript on, and axe checks that.
   */
  async function expectNoViolations(page: Page, where: string, javaScript = true): Promise<void> {
    let target = page;
    let context: BrowserContext | undefined;
    if (!javaScript) {
      context = await browser.newContext({ viewport: page.viewportSize() ?? DESKTOP.viewport!, javaScriptEnabled: true });
      target = await context.newPage();
      const address = page.url();
      const html = await page.content();
      await target.route((u) => u.href === address, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await target.goto(address);
    }
    try {
      const violations = await axeViolations(target);
      checked += 1;
      assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(where, violations)}`);
    } finally {
      await context?.close();
    }
  }

  async function signIn(page: Page, account: Account, lang: TestLang): Promise<void> {
    await page.goto(live.url(`/admin/language/${lang}?next=%2Fadmin%2Flogin`));
    await page.getByLabel(tr(lang, 'admin.login.email')).fill(account.email);
    await page.getByLabel(tr(lang, 'admin.login.password'), { exact: true }).fill(account.password);
    await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr(lang, 'admin.login.submit') }).click(), 303);
  }

  const status = async (id: number) => ((await live.t.db('supporter_updates').where({ id }).first('status')) as { status: string }).status;
  const unsubscribes = async (address: string) => (await live.t.db('update_unsubscribes').where({ email_hash: hashOf(address) }).select('unsubscribed_at')) as { unsubscribed_at: Date }[];

  for (const lang of LANGS) {
    it(`${lang}: an organiser composes (422 first), previews, counts, tests and sends an update, and lifts a suppression; axe 0 violations`, async () => {
      // This language's signers only: one in each of en and ru (their own text), one in Kazakh (English).
      await live.t.db('signatures').update({ updates: false });
      const reader = `reader.${lang}@example.net`;
      await buildConfirmedSignatures(live.t.deps, petition, [
        { email: reader, updates: true, lang },
        { email: `other.${lang}@example.net`, updates: true, lang: lang === 'en' ? 'ru' : 'en' },
        { email: `kazakh.${lang}@example.net`, updates: true, lang: 'kk' },
        { email: `no-updates.${lang}@example.net`, updates: false, lang: 'pl' },
      ]);
      const bounced = `bounced.${lang}@example.net`;
      await live.t.db('email_suppressions').insert({ email_hash: hashOf(bounced), reason: 'smtp-permanent', smtp_code: 550 });

      const account = await makeAccount(live.t.deps, 'organiser');
      const context = await browser.newContext(DESKTOP);
      const page = await context.newPage();
      try {
        await signIn(page, account, lang);
        await page.getByRole('link', { name: tr(lang, 'supporters.nav.updates'), exact: true }).click();
        assert.equal(new URL(page.url()).pathname, '/admin/updates');
        assert.ok(await page.getByRole('heading', { level: 1, name: tr(lang, 'supporters.list.title') }).isVisible());
        await expectNoViolations(page, `updates list [${lang}]`);

        await page.getByRole('link', { name: tr(lang, 'supporters.list.new'), exact: true }).click();
        assert.equal(new URL(page.url()).pathname, '/admin/updates/new');
        await expectNoViolations(page, `compose form [${lang}]`);

        // Each language's subject and text carry its lang; the legend and labels are in the organiser's.
        assert.equal(await page.locator('#subject_ru').getAttribute('lang'), 'ru');
        assert.equal(await page.locator('#body_kk').getAttribute('lang'), 'kk');
        assert.equal(await page.locator('fieldset[lang]').count(), 0, 'no fieldset in another language than its legend');

        // Empty: 422, the summary has the focus.
        const save = page.getByRole('button', { name: tr(lang, 'supporters.new.submit') });
        await submitForm(page, '/admin/updates', () => save.click(), 422);
        assert.match(await activeElementClass(page), /error-summary/, 'the error summary takes the focus');
        assert.equal(await page.locator('.error-summary a[href="#subject_en"]').innerText(), tr(lang, 'supporters.form.errors.empty'));
        await expectNoViolations(page, `empty compose form [${lang}]`);

        // A subject without a text: 422, the summary names the language and links to the field, values kept.
        await page.locator('#subject_en').fill('Only a subject <b>');
        await page.locator('#fallback-none').check();
        await submitForm(page, '/admin/updates', () => save.click(), 422);
        assert.match(await activeElementClass(page), /error-summary/, 'the error summary takes the focus');
        assert.equal(await page.locator('.error-summary a[href="#body_en"]').innerText(), `${tr(lang, 'supporters.langs.en')}: ${tr(lang, 'supporters.form.errors.bodyMissing')}`);
        assert.equal((await page.locator('#body_en-error').textContent())?.replace(/\s+/g, ' ').trim(), `${tr(lang, 'common.form.errorPrefix')} ${tr(lang, 'supporters.form.errors.bodyMissing')}`);
        assert.equal(await page.locator('#body_en').getAttribute('aria-describedby'), 'body_en-error');
        assert.equal(await page.locator('#subject_en').inputValue(), 'Only a subject <b>');
        assert.equal(await page.locator('#body_en').getAttribute('aria-invalid'), 'true');
        assert.ok(await page.locator('#fallback-none').isChecked(), 'the fallback chosen is kept');
        await expectNoViolations(page, `compose form with an error [${lang}]`);

        const subject = lang === 'en' ? 'News from the campaign' : 'Новости кампании';
        await page.locator('#fallback-english').check();
        await page.locator('#subject_en').fill(lang === 'en' ? subject : 'News in English');
        await page.locator('#body_en').fill('Hello **all**.\n\n<script>alert(1)</script> [site](https://example.org) [bad](javascript:alert(1))');
        await page.locator('#subject_ru').fill(lang === 'ru' ? subject : 'Новости на русском');
        await page.locator('#body_ru').fill('Привет, **все**.\n\n- первое\n- второе');
        await submitForm(page, '/admin/updates', () => save.click(), 303);
        const id = Number(/^\/admin\/updates\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1]);
        assert.ok(id > 0, `the update's page: ${page.url()}`);
        assert.ok(await page.getByText(tr(lang, 'supporters.done.created')).isVisible());
        assert.equal(await page.locator('[data-status]').innerText(), tr(lang, 'supporters.status.draft'));

        // The preview: the Markdown rendered, the HTML and the javascript: link not.
        const english = page.locator('article.admin-preview[data-lang="en"]');
        assert.equal(await page.locator('article.admin-preview[lang]').count(), 0, 'the heading names the language in the organiser\'s');
        assert.equal(await english.locator('.prose').getAttribute('lang'), 'en');
        assert.equal(await english.locator('h3 span[lang="en"]').innerText(), lang === 'en' ? subject : 'News in English');
        assert.equal(await english.locator('strong').innerText(), 'all');
        assert.equal(await english.locator('script').count(), 0);
        assert.ok((await english.innerText()).includes('<script>alert(1)</script>'), 'the HTML is shown as text');
        assert.equal(await english.locator('a[href="https://example.org"]').innerText(), 'site');
        assert.equal(await page.locator('.admin-preview a[href^="javascript:"]').count(), 0);
        assert.equal(await page.locator('article.admin-preview[data-lang="ru"] .prose[lang="ru"] li').count(), 2);
        // The recipients per language: en and ru their own text, kk the English one, pl nobody.
        const count = (l: string) => page.locator(`tr[data-lang="${l}"] [data-count]`).innerText();
        assert.deepEqual([await count('en'), await count('ru'), await count('kk'), await count('pl')], ['1', '1', '1', '0']);
        assert.equal(await page.locator('tr[data-lang="kk"] td').nth(1).innerText(), tr(lang, 'supporters.counts.getsEnglish'));
        assert.equal(await page.locator('[data-total]').innerText(), tr(lang, 'supporters.counts.total', { total: '3' }));
        await expectNoViolations(page, `draft with preview and counts [${lang}]`);

        // A test to oneself, in this language; its unsubscribe link works for nobody.
        await page.locator('#test-lang').selectOption(lang);
        await submitForm(page, `/admin/updates/${id}/test`, () => page.getByRole('button', { name: tr(lang, 'supporters.test.submit') }).click(), 303);
        assert.ok(await page.getByText(tr(lang, 'supporters.done.tested', { address: account.email })).isVisible());
        await expectNoViolations(page, `draft after the test [${lang}]`);
        const [test] = await live.t.smtp.waitForTo(account.email, 1);
        assert.equal(test!.subject, tr(lang, 'supporters.email.testSubject', { subject }));
        const testPage = await context.newPage();
        const dead = await testPage.goto(live.local(linkIn(test!, UNSUBSCRIBE_LINK)));
        assert.equal(dead?.status(), 410);
        assert.ok(await testPage.getByRole('heading', { level: 1, name: tr(lang, 'supporters.linkInvalid.title') }).isVisible());
        await expectNoViolations(testPage, `a test message's unsubscribe link [${lang}]`);
        await testPage.close();
        assert.equal(live.t.smtp.to(reader).length, 0, 'a test goes to nobody else');

        // Send, and the progress.
        await submitForm(page, `/admin/updates/${id}/send`, () => page.getByRole('button', { name: tr(lang, 'supporters.send.submit') }).click(), 303);
        assert.ok(await page.getByText(tr(lang, 'supporters.done.queued')).isVisible());
        assert.equal(await page.getByRole('button', { name: tr(lang, 'supporters.send.submit') }).count(), 0, 'a sent update has no send button');
        await expectNoViolations(page, `update on its way [${lang}]`);
        await waitFor('the update to be sent', async () => (await status(id)) === 'sent');
        await page.reload();
        assert.equal(await page.locator('[data-status]').innerText(), tr(lang, 'supporters.status.sent'));
        assert.equal(await page.locator('[data-progress]').innerText(), `${tr(lang, 'supporters.progress.sentOfTotal', { sent: '3', total: '3' })} (100%)`);
        await expectNoViolations(page, `update sent [${lang}]`);
        await page.getByRole('link', { name: tr(lang, 'supporters.back'), exact: true }).click();
        assert.equal(await page.locator(`a[href="/admin/updates/${id}"]`).count(), 1);
        await expectNoViolations(page, `updates list with the sent update [${lang}]`);
        sent.set(lang, { id, subject, reader });

        // Deliverability: the suppression (its short hash only), the lift form with a bad value, a real lift.
        await page.getByRole('link', { name: tr(lang, 'supporters.nav.deliverability'), exact: true }).first().click();
        assert.equal(new URL(page.url()).pathname, '/admin/deliverability');
        const short = hashOf(bounced).toString('hex').slice(0, 16);
        assert.equal(await page.locator('code', { hasText: short }).count(), 1);
        assert.equal((await page.content()).includes(bounced), false, 'never the address');
        await expectNoViolations(page, `deliverability [${lang}]`);

        const lift = page.getByRole('button', { name: tr(lang, 'supporters.deliverability.lift.submit') });
        await page.locator('#lift-email').fill('not an address');
        await submitForm(page, '/admin/deliverability/lift', () => lift.click(), 422);
        assert.match(await activeElementClass(page), /error-summary/, 'the error summary takes the focus');
        assert.equal(await page.locator('.error-summary a[href="#lift-email"]').innerText(), tr(lang, 'supporters.deliverability.lift.invalid'));
        assert.equal(await page.locator('#lift-email').inputValue(), 'not an address');
        await expectNoViolations(page, `lift form with an error [${lang}]`);

        await page.locator('#lift-email').fill(bounced.toUpperCase());
        await submitForm(page, '/admin/deliverability/lift', () => lift.click(), 303);
        assert.equal(new URL(page.url()).search, '?done=lifted');
        assert.ok(await page.getByText(tr(lang, 'supporters.deliverability.lift.lifted')).isVisible());
        assert.equal(await live.t.db('email_suppressions').where({ email_hash: hashOf(bounced) }).first(), undefined, 'the suppression is gone');
        assert.equal(await page.locator('code', { hasText: short }).count(), 0);
        await expectNoViolations(page, `deliverability after the lift [${lang}]`);
      } finally {
        await context.close();
      }
    });

    it(`${lang}: a recipient with JavaScript off unsubscribes by the link of the update; axe 0 violations`, async () => {
      const update = sent.get(lang);
      assert.ok(update, 'the organiser sent an update');
      const [mail] = (await live.t.smtp.waitForTo(update.reader, 1)).filter((m) => m.subject === update.subject);
      assert.ok(mail, `the update reached ${update.reader}`);
      const link = linkIn(mail, UNSUBSCRIBE_LINK);
      assert.equal(header(mail, 'List-Unsubscribe'), `<${link}>`, 'the visible link is the one-click header');
      const path = new URL(link).pathname;
      assert.match(path, new RegExp(`^/${lang}/unsubscribe/`), 'in the language the recipient signed in');

      const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
      const page = await context.newPage();
      try {
        const shown = await page.goto(live.local(link));
        assert.equal(shown?.status(), 200);
        assert.equal(await htmlLang(page), lang);
        assert.ok(await page.getByRole('heading', { level: 1, name: tr(lang, 'supporters.unsubscribe.title') }).isVisible());
        const button = page.getByRole('button', { name: tr(lang, 'supporters.unsubscribe.submit') });
        assert.ok(await button.isVisible());
        assert.deepEqual(await unsubscribes(update.reader), [], 'opening the link changes nothing');
        await expectNoViolations(page, `unsubscribe page [${lang}]`, false);

        const before = Date.now();
        await submitForm(page, path, () => button.click(), 200);
        assert.equal(new URL(page.url()).pathname, path);
        assert.ok(await page.getByRole('heading', { level: 1, name: tr(lang, 'supporters.unsubscribed.title') }).isVisible());
        assert.ok(await page.getByText(tr(lang, 'supporters.unsubscribed.body')).isVisible());
        const recorded = await unsubscribes(update.reader);
        assert.equal(recorded.length, 1, 'the POST records the unsubscribe');
        assert.ok(recorded[0]!.unsubscribed_at.getTime() >= before - 5_000, 'recorded now');
        await expectNoViolations(page, `unsubscribed [${lang}]`, false);
      } finally {
        await context.close();
      }
    });
  }
});
