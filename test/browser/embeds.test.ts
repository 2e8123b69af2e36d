// The embed in a real Chromium, JavaScript off: a partner page on a second local origin (another port is
// another origin) frames /embed/en/petitions/zhanaozen-list; the visitor signs inside the frame, sees the
// check-email answer inside the frame, and the signature is pending with its confirmation email sent.
// Every request the page made beyond the partner's own document went to our origin. A page on an
// unlisted origin gets the frame refused (frame-ancestors). axe (WCAG 2.2 AA) finds nothing on the
// embed's states (form, 422, check email), which also fit a 320 px column.
import assert from 'node:assert/strict';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { makeAccount } from '../http/admin/support.ts';
import { linkIn } from '../support/smtp.ts';
import { setPartners, settle } from '../http/embeds/support.ts';
import { axeViolations, formatViolations } from './support/axe.ts';
import { browserSkip, launchBrowser, PETITION, startLiveApp, submitForm, uniqueEmail, type LiveApp } from './support/browser.ts';
import { tr } from './support/i18n.ts';

const EMBED = `/embed/en/petitions/${PETITION}`;

/** A partner's page on its own origin: a heading and our iframe, nothing else. */
async function startPartner(embedUrl: string): Promise<{ origin: string; close(): Promise<void> }> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body><h1>A partner site</h1><iframe src="${embedUrl}" title="Sign the petition" width="380" height="1100"></iframe></body></html>`;
  const server: Server = await new Promise((resolve) => {
    const s = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html));
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The frame showing our embed (by its URL). */
function embedFrame(page: Page, live: LiveApp): Frame {
  const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(live.origin));
  assert.ok(frame, `a frame from ${live.origin} (frames: ${page.frames().map((f) => f.url()).join(', ')})`);
  return frame;
}

describe('embed on a partner site, JavaScript off', { skip: browserSkip }, () => {
  let live: LiveApp;
  let browser: Browser;
  let listed: Awaited<ReturnType<typeof startPartner>>;
  let unlisted: Awaited<ReturnType<typeof startPartner>>;
  before(async () => {
    browser = await launchBrowser();
    live = await startLiveApp();
    listed = await startPartner(live.url(EMBED));
    unlisted = await startPartner(live.url(EMBED));
    await setPartners(live.t.deps, [listed.origin]);
    await settle();
  });
  after(async () => {
    await browser?.close();
    await listed?.close();
    await unlisted?.close();
    await live?.close();
  });

  it('a listed partner frames the embed; an empty form answers 422 and then signing inside the frame ends on check-email there; pending signature and email; only our origin asked', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 1200 } });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${listed.origin}/`);
      await page.waitForLoadState('load');
      const frame = embedFrame(page, live);
      const form = frame.locator('form.embed__form');
      assert.equal(await form.count(), 1, 'the embed rendered inside the frame');
      assert.equal(await frame.locator('a[href="/en/privacy"][target="_blank"][rel="noopener"]').count(), 1, 'the privacy link opens a new tab');

      // An empty form first: the 422 answer with its error summary, inside the frame.
      await submitForm(page, `${EMBED}/signatures`, () => form.getByRole('button', { name: tr('en', 'petitions.form.submit'), exact: true }).click(), 422);
      await frame.locator('.error-summary').waitFor();
      assert.equal(await frame.locator('.error-summary li a').count(), 4, 'name, email, country and consent are listed');
      assert.equal((await frame.locator('.error-summary li a').first().textContent())?.trim(), tr('en', 'petitions.errors.name'));

      const email = uniqueEmail('embed');
      await form.getByLabel(tr('en', 'petitions.form.name'), { exact: true }).fill('Framed Signer');
      await form.getByLabel(tr('en', 'petitions.form.email'), { exact: true }).fill(email);
      await form.getByLabel(tr('en', 'petitions.form.country'), { exact: true }).selectOption('PL');
      await form.locator('#consent').check();
      await submitForm(page, `${EMBED}/signatures`, () => form.getByRole('button', { name: tr('en', 'petitions.form.submit'), exact: true }).click(), 303);
      await frame.waitForURL(live.url(`${EMBED}/check-email`));
      assert.equal((await frame.locator('h1').textContent())?.trim(), tr('en', 'petitions.checkEmail.title'), 'the answer is shown inside the frame');
      assert.equal(page.url(), `${listed.origin}/`, 'the partner page stays where it is');

      const [mail] = await live.t.smtp.waitForTo(email, 1);
      assert.ok(mail, 'the confirmation email');
      assert.match(linkIn(mail, /\/en\/confirm\//), /\/en\/confirm\//);
      const row = await live.t.db('signatures').orderBy('id', 'desc').first('state', 'lang', 'country');
      assert.deepEqual({ ...row }, { state: 'pending', lang: 'en', country: 'PL' });

      const cookies = await context.cookies();
      assert.deepEqual(cookies, [], 'nothing set a cookie');
      const [partnerDoc, ...ours] = requests;
      assert.equal(partnerDoc, `${listed.origin}/`);
      assert.ok(ours.length >= 4, `requests: ${requests.join(', ')}`);
      for (const url of ours) assert.equal(new URL(url).origin, live.origin, `${url} goes to our origin only`);
    } finally {
      await context.close();
    }
  });

  it('an unlisted origin: the frame is refused and the embed does not render', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const embedAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === EMBED);
      await page.goto(`${unlisted.origin}/`);
      const answer = await embedAnswer;
      assert.equal(answer.status(), 200);
      assert.match((await answer.headerValue('content-security-policy')) ?? '', new RegExp(`frame-ancestors ${listed.origin.replace(/[.:/]/g, '\\$&')}(;|$)`));
      await page.waitForLoadState('load');
      const frames = page.frames().filter((f) => f !== page.mainFrame());
      assert.equal(frames.length, 1);
      assert.notEqual(frames[0]!.url(), live.url(EMBED), `the frame did not show the embed (${frames[0]!.url()})`);
      assert.equal(await frames[0]!.locator('form.embed__form').count(), 0, 'no form rendered in the refused frame');
    } finally {
      await context.close();
    }
  });

  it('axe: the embed form, its 422 and the check-email page have no violations and fit 320 px', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 320, height: 800 } });
    try {
      const page = await context.newPage();
      const check = async (where: string) => {
        const violations = await axeViolations(page);
        assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(where, violations)}`);
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        assert.ok(overflow <= 0, `${where} scrolls sideways by ${overflow} px at 320 px`);
      };
      for (const lang of ['en', 'ru', 'kk', 'pl'] as const) {
        await page.goto(live.url(`/embed/${lang}/petitions/${PETITION}`));
        await check(`embed (${lang})`);
      }
      await page.goto(live.url(EMBED));
      await submitForm(page, `${EMBED}/signatures`, () => page.getByRole('button', { name: tr('en', 'petitions.form.submit'), exact: true }).click(), 422);
      assert.equal(await page.locator('.error-summary').count(), 1);
      await check('embed 422');
      await page.goto(live.url(`${EMBED}/check-email`));
      await check('embed check-email');
    } finally {
      await context.close();
    }
  });

  it('axe: the organisers\' embed pages (list, partners and snippets, 422, saved)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const account = await makeAccount(live.t.deps, 'organiser');
      await page.goto(live.url('/admin/login'));
      await page.getByLabel(tr('en', 'admin.login.email')).fill(account.email);
      await page.getByLabel(tr('en', 'admin.login.password'), { exact: true }).fill(account.password);
      await submitForm(page, '/admin/login', () => page.getByRole('button', { name: tr('en', 'admin.login.submit') }).click(), 303);
      const check = async (where: string) => {
        const violations = await axeViolations(page);
        assert.equal(violations.length, 0, `axe on ${where}:\n${formatViolations(where, violations)}`);
      };
      await page.goto(live.url('/admin/embeds'));
      await check('/admin/embeds');
      await page.getByRole('link', { name: tr('en', 'embeds.admin.nav'), exact: true }).first().waitFor();
      await page.goto(live.url(`/admin/embeds/${PETITION}`));
      await check('/admin/embeds/:slug');
      const origins = page.getByLabel(tr('en', 'embeds.admin.partners.label'));
      assert.equal(await origins.inputValue(), listed.origin);
      await origins.fill(`${listed.origin}\nhttps://*.example.org`);
      await submitForm(page, `/admin/embeds/${PETITION}`, () => page.getByRole('button', { name: tr('en', 'embeds.admin.partners.save') }).click(), 422);
      await check('/admin/embeds/:slug 422');
      await page.getByLabel(tr('en', 'embeds.admin.partners.label')).fill(listed.origin);
      await submitForm(page, `/admin/embeds/${PETITION}`, () => page.getByRole('button', { name: tr('en', 'embeds.admin.partners.save') }).click(), 303);
      await check('/admin/embeds/:slug saved');
      assert.equal(await page.getByText(tr('en', 'embeds.admin.saved')).count(), 1);
    } finally {
      await context.close();
    }
  });
});
