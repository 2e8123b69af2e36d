// Full-page screenshots of the main pages in every language at phone and desktop size, for people to
// look at: artifacts/screenshots/{lang}-{page}-{phone|desktop}.png at the repository root.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkip, DESKTOP, LANGS, launchBrowser, PETITION, PHONE, startLiveApp, type LiveApp } from './support/browser.ts';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

const PAGES = [
  { name: 'home', path: (lang: string) => `/${lang}/` },
  { name: 'petition', path: (lang: string) => `/${lang}/petitions/${PETITION}` },
  { name: 'privacy', path: (lang: string) => `/${lang}/privacy` },
] as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const SIZES = [
  { label: 'phone', options: PHONE },
  { label: 'desktop', options: DESKTOP },
] as const;

describe('screenshots', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  before(async () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    browser = await launchBrowser(); // first: without a browser, no app is started (and left running)
    live = await startLiveApp();
  });
  after(async () => {
    await browser?.close();
    await live?.close();
  });

  for (const size of SIZES) {
    it(`every main page in every language at ${size.label} size`, async () => {
      const context = await browser.newContext({ ...size.options, reducedMotion: 'reduce' });
      try {
        const page = await context.newPage();
        for (const lang of LANGS) {
          for (const p of PAGES) {
            const response = await page.goto(live.url(p.path(lang)), { waitUntil: 'load' });
            assert.equal(response?.status(), 200, `${p.path(lang)}`);
            await page.evaluate<boolean>('document.fonts.ready.then(() => true)'); // the real fonts, not the fallback
            const overflow = (await page.evaluate<number>('document.documentElement.scrollWidth')) - (page.viewportSize()?.width ?? 0);
            assert.ok(overflow <= 0, `${p.path(lang)} at ${size.label} size scrolls sideways by ${overflow}px (WCAG 1.4.10 reflow)`);
            const file = `${SCREENSHOT_DIR}${lang}-${p.name}-${size.label}.png`;
            fs.rmSync(file, { force: true });
            await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
            assert.ok(fs.existsSync(file), `${file} was written`);
            assert.ok(fs.statSync(file).size > 0, `${file} is not empty`);
            assert.deepEqual([...fs.readFileSync(file).subarray(0, 8)], PNG_SIGNATURE, `${file} is a PNG`);
          }
        }
      } finally {
        await context.close();
      }
    });
  }
});
