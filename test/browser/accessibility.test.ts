// axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every public page in every language, in a real
// browser with the real CSS and fonts, so colour contrast and target sizes are checked as rendered.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Result } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations } from './support/axe.ts';
import { browserSkip, DESKTOP, LANGS, launchBrowser, PETITION, PHONE, startLiveApp, submitForm, type Lang, type LiveApp } from './support/browser.ts';
import { tr } from './support/i18n.ts';

const ANY_TOKEN = 'A'.repeat(43); // the shape of a real token; GET only shows the button

interface PageCase {
  readonly name: string;
  readonly status: number;
  /** Opens the page; returns the HTTP status it was served with. */
  open(page: Page, live: LiveApp, lang: Lang): Promise<number>;
}

const visit = (path: (lang: Lang) => string) => async (page: Page, live: LiveApp, lang: Lang) => (await page.goto(live.url(path(lang))))?.status() ?? 0;

const PAGES: PageCase[] = [
  { name: 'home', status: 200, open: visit((l) => `/${l}/`) },
  { name: 'petition', status: 200, open: visit((l) => `/${l}/petitions/${PETITION}`) },
  {
    name: 'petition with errors (empty submit)',
    status: 422,
    async open(page, live, lang) {
      await page.goto(live.url(`/${lang}/petitions/${PETITION}`));
      await submitForm(page, `/${lang}/petitions/${PETITION}/signatures`, () => page.getByRole('button', { name: tr(lang, 'petitions.form.submit'), exact: true }).click(), 422);
      assert.equal(await page.locator('.error-summary').count(), 1, 'the error summary is shown');
      return 422;
    },
  },
  { name: 'check your email', status: 200, open: visit((l) => `/${l}/petitions/${PETITION}/check-email`) },
  { name: 'resend', status: 200, open: visit((l) => `/${l}/petitions/${PETITION}/resend`) },
  { name: 'privacy', status: 200, open: visit((l) => `/${l}/privacy`) },
  { name: 'not found', status: 404, open: visit((l) => `/${l}/nope`) },
  { name: 'confirm (emailed link)', status: 200, open: visit((l) => `/${l}/confirm/${ANY_TOKEN}`) },
  { name: 'withdrawn', status: 200, open: visit((l) => `/${l}/withdrawn`) },
];

// Every page in every language at desktop size; at phone size (where layout, reflow and target sizes
// differ, but contrast and markup do not) every page once, in a rotating language, to keep time down.
const RUNS = LANGS.flatMap((lang) => [
  ...PAGES.map((pageCase) => ({ lang, size: 'desktop' as const, pageCase })),
  ...PAGES.filter((_, i) => LANGS[i % LANGS.length] === lang).map((pageCase) => ({ lang, size: 'phone' as const, pageCase })),
]);
const SIZES = { desktop: DESKTOP, phone: PHONE } as const;

describe('accessibility (axe, WCAG 2.2 AA)', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();
  let checked = 0;
  const found: { where: string; violation: Result }[] = [];

  before(async () => {
    browser = await launchBrowser(); // first: without a browser, no app is started (and left running)
    live = await startLiveApp();
    for (const [size, options] of Object.entries(SIZES)) contexts.set(size, await browser.newContext(options));
  });
  after(async () => {
    const nodes = found.reduce((sum, f) => sum + f.violation.nodes.length, 0);
    const rules = [...new Set(found.map((f) => f.violation.id))].sort();
    console.log(`axe: ${checked} pages checked, ${found.length} violations (${nodes} nodes${rules.length ? `; rules: ${rules.join(', ')}` : ''})`);
    for (const context of contexts.values()) await context.close();
    await browser?.close();
    await live?.close();
  });

  for (const { lang, size, pageCase } of RUNS) {
    it(`${lang} ${size}: ${pageCase.name}`, async () => {
      const page = await contexts.get(size)!.newPage();
      try {
        assert.equal(await pageCase.open(page, live, lang), pageCase.status, `${pageCase.name} is served with ${pageCase.status}`);
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        const violations = await axeViolations(page);
        checked += 1;
        const where = `${new URL(page.url()).pathname} [${lang} ${size}${pageCase.status === 422 ? ', after an empty submit' : ''}]`;
        for (const violation of violations) found.push({ where, violation });
        if (violations.length) console.log(formatViolations(where, violations));
        assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on ${where}:\n${formatViolations(where, violations)}`);
      } finally {
        await page.close();
      }
    });
  }
});
