import { it } from 'node:test';
import { launchBrowser, startLiveApp } from './support/browser.ts';
it('debug', async () => {
  const live = await startLiveApp();
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('request', async (r) => { if (r.method() === 'POST') console.log('REQ', r.url(), await r.allHeaders()); });
  page.on('response', async (r) => { if (r.request().method() === 'POST') console.log('RES', r.status(), await r.allHeaders(), (await r.text()).slice(0, 300)); });
  await page.goto(live.url('/en/petitions/zhanaozen-list'));
  console.log(await context.cookies());
  await page.locator('#sign button[type=submit]').click();
  await page.waitForTimeout(2000);
  await browser.close(); await live.close();
});
