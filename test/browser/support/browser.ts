// Browser tests: Debian's Chromium driven by playwright-core (no browser is ever downloaded), against
// the real app (buildTestApp) listening on a free port on 127.0.0.1.
//
// Without /usr/bin/chromium (or $CHROMIUM_PATH, if set) the browser test files are skipped with a
// message, except on CI (process.env.CI set), where a missing browser must fail the run instead of
// hiding it.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { buildTestApp, BASE_URL, type TestApp } from '../../support/app.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const INSTALL_HINT = 'apt-get install -y chromium';

const chromiumMissing = !fs.existsSync(CHROMIUM_PATH);

/** For node:test's `{ skip }` option: a reason to skip, or false to run. On CI a missing browser is not skipped. */
export const browserSkip: string | false = chromiumMissing && !process.env.CI ? `Chromium not installed: ${INSTALL_HINT}` : false;

export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

export async function launchBrowser(): Promise<Browser> {
  if (chromiumMissing) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} and CI is set, so the browser tests fail instead of skipping: ${INSTALL_HINT}`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
}

export { LANGS, type Lang } from '../../../src/i18n/languages.ts';

export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 };

export const PETITION = 'zhanaozen-list';

/** The app from buildTestApp, listening on 127.0.0.1 on a free port. */
export interface LiveApp {
  readonly t: TestApp;
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  url(path: string): string;
  /** An emailed link (pointing at BASE_URL) moved to this server. */
  local(link: string): string;
  close(): Promise<void>;
}

export async function startLiveApp(options: Parameters<typeof buildTestApp>[0] = {}): Promise<LiveApp> {
  const t = await buildTestApp(options);
  const server: Server = await new Promise((resolve, reject) => {
    const s = t.app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    t,
    origin,
    url: (path) => `${origin}${path}`,
    local(link) {
      const parsed = new URL(link);
      if (parsed.origin !== new URL(BASE_URL).origin) throw new Error(`emailed link ${link} does not start with ${BASE_URL}`);
      return `${origin}${parsed.pathname}${parsed.search}${parsed.hash}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/** The signature count from the public API (cached for 1 s by the app: call `settle()` first). */
export async function signatureCount(live: LiveApp): Promise<number> {
  const res = await fetch(live.url(`/api/v1/petitions/${PETITION}`));
  if (!res.ok) throw new Error(`API answered ${res.status}`);
  const body = (await res.json()) as { signatureCount: number };
  return body.signatureCount;
}

export const settle = (ms = 1200) => new Promise((r) => setTimeout(r, ms));

/** The class attribute of the focused element ('' if none). A string expression: no DOM types needed here. */
export const activeElementClass = (page: Page) => page.evaluate<string>('document.activeElement ? String(document.activeElement.className) : ""');

/** The <html lang> of the page. */
export const htmlLang = async (page: Page) => (await page.locator('html').getAttribute('lang')) ?? '';

let counter = 0;
/** A unique address for one journey. */
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `browser.${tag}.${counter}@example.org`; // each test file has its own database and SMTP server
}

/**
 * Does `act` (a click or key press that submits a form) and waits for the POST to `path`; asserts its
 * status, with the request's Origin and Sec-Fetch-Site in the message (what the CSRF check looks at).
 */
export async function submitForm(page: Page, path: string, act: () => Promise<unknown>, expectedStatus: number): Promise<void> {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path, { timeout: 15_000 });
  await act();
  const response = await posted;
  if (response.status() !== expectedStatus) {
    const headers = await response.request().allHeaders();
    throw new Error(
      `POST ${path} answered ${response.status()}, expected ${expectedStatus} ` +
        `(request headers: Origin: ${headers.origin ?? '(none)'}, Sec-Fetch-Site: ${headers['sec-fetch-site'] ?? '(none)'}; ` +
        `Referrer-Policy of the site: ${(await response.headerValue('referrer-policy')) ?? '(none)'})`,
    );
  }
  await page.waitForLoadState('load');
}
