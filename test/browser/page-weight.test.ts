// Page weight of the campaign page /{lang}/ as a browser really transfers it: the DevTools protocol's
// Network.loadingFinished encodedDataLength (bytes on the wire: headers and body as sent, after any
// compression; 0 for a resource served from the browser's cache). First load with an empty cache,
// then the next load in the same context. Also: nothing is ever requested from another host.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { browserSkip, DESKTOP, LANGS, launchBrowser, startLiveApp, type Lang, type LiveApp } from './support/browser.ts';

const FIRST_LOAD_LIMIT = 100 * 1024;
const REPEAT_LOAD_LIMIT = 20 * 1024;

type Kind = 'html' | 'css' | 'font' | 'js' | 'other';
type Weight = Record<Kind, number> & { total: number; requests: number; fromCache: number };

const kindOf = (type: string | undefined): Kind =>
  type === 'Document' ? 'html' : type === 'Stylesheet' ? 'css' : type === 'Font' ? 'font' : type === 'Script' ? 'js' : 'other';

/** Records every network request of a page through CDP until `finish()` is called. */
async function recordTransfers(context: BrowserContext, page: Page): Promise<{ finish(): Weight; session: CDPSession }> {
  const session = await context.newCDPSession(page);
  const types = new Map<string, string>();
  const cached = new Set<string>();
  const bytes = new Map<string, number>();
  session.on('Network.requestWillBeSent', (e) => types.set(e.requestId, e.type ?? 'Other'));
  session.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
  session.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId);
  });
  session.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  session.on('Network.loadingFailed', (e) => bytes.set(e.requestId, 0));
  await session.send('Network.enable');
  return {
    session,
    finish() {
      const weight: Weight = { html: 0, css: 0, font: 0, js: 0, other: 0, total: 0, requests: 0, fromCache: 0 };
      for (const [id, type] of types) {
        const n = bytes.get(id) ?? 0;
        weight[kindOf(type)] += n;
        weight.total += n;
        weight.requests += 1;
        if (cached.has(id)) weight.fromCache += 1;
      }
      return weight;
    },
  };
}

async function load(page: Page, url: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  assert.equal(response?.status(), 200, url);
  await page.evaluate<boolean>('document.fonts.ready.then(() => true)');
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const line = (w: Weight) =>
  `HTML ${kb(w.html)}, CSS ${kb(w.css)}, font ${kb(w.font)}, JS ${kb(w.js)}, other ${kb(w.other)}, total ${kb(w.total)} (${w.total} B; ${w.requests} requests, ${w.fromCache} from cache)`;

describe('page weight of the campaign page', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  const requested: string[] = [];
  const results: { lang: Lang; first: Weight; repeat: Weight }[] = [];

  before(async () => {
    browser = await launchBrowser(); // first: without a browser, no app is started (and left running)
    live = await startLiveApp();
  });
  after(async () => {
    if (results.length) {
      console.log('page weight summary (bytes transferred; first load / next load):');
      for (const r of results) console.log(`  /${r.lang}/  HTML ${r.first.html} / ${r.repeat.html}  CSS ${r.first.css} / ${r.repeat.css}  font ${r.first.font} / ${r.repeat.font}  total ${r.first.total} / ${r.repeat.total}`);
    }
    await browser?.close();
    await live?.close();
  });

  for (const lang of LANGS) {
    it(`/${lang}/: under ${kb(FIRST_LOAD_LIMIT)} on first load, under ${kb(REPEAT_LOAD_LIMIT)} on the next`, async () => {
      const context = await browser.newContext(DESKTOP); // new context: empty cache
      try {
        context.on('request', (r) => requested.push(r.url()));
        const page = await context.newPage();
        const url = live.url(`/${lang}/`);

        const first = await recordTransfers(context, page);
        await load(page, url);
        const firstWeight = first.finish();
        await first.session.detach();

        // The next visit: away, then back (a plain navigation, not a reload).
        await page.goto('about:blank');
        const next = await recordTransfers(context, page);
        await load(page, url);
        const repeatWeight = next.finish();
        await next.session.detach();

        results.push({ lang, first: firstWeight, repeat: repeatWeight });
        console.log(`page weight /${lang}/ first:  ${line(firstWeight)}`);
        console.log(`page weight /${lang}/ repeat: ${line(repeatWeight)}`);
        assert.ok(firstWeight.html > 0 && firstWeight.css > 0, 'the first load fetched the page and its CSS');
        assert.ok(firstWeight.total < FIRST_LOAD_LIMIT, `/${lang}/ first load transfers ${firstWeight.total} B, over ${FIRST_LOAD_LIMIT} B: ${line(firstWeight)}`);
        assert.ok(repeatWeight.total < REPEAT_LOAD_LIMIT, `/${lang}/ next load transfers ${repeatWeight.total} B, over ${REPEAT_LOAD_LIMIT} B: ${line(repeatWeight)}`);
      } finally {
        await context.close();
      }
    });
  }

  it('no request during these page loads went to another host', () => {
    assert.ok(requested.length > 0, 'requests were recorded');
    const foreign = requested.filter((u) => new URL(u).origin !== live.origin);
    assert.deepEqual(foreign, [], `requests to other hosts: ${foreign.join(', ')}`);
    console.log(`page weight: ${requested.length} requests, all to ${live.origin}`);
  });
});
