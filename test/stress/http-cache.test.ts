// A real HTTP cache (Debian's Varnish, builtin VCL: no rule of ours forces caching) in front of the app:
// under 50 cookie-less clients the origin serves at most 2% of the requests for the home page, the
// petition page in two languages and the API; cached pages carry no cookie; signing from a cached page
// works end to end, a cross-site POST through the cache is refused and sends nothing; the count seen
// through the cache rises within 10 s of a confirmation; GET / still sends each visitor to their language.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import autocannon from 'autocannon';
import { startVarnish, VARNISHD, type Varnish } from '../../bench/varnish.ts';
import { createDb, type Db } from '../../src/db/knex.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { freePort, sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { linkIn, startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const PAGES = ['/en/', '/en/petitions/zhanaozen-list', '/pl/petitions/zhanaozen-list', '/api/v1/petitions/zhanaozen-list'];
const count = async (base: string): Promise<number> => ((await (await fetch(`${base}/api/v1/petitions/zhanaozen-list`)).json()) as { signatureCount: number }).signatureCount;

// CI installs varnish (.ci/run); a developer's machine without it skips this file, CI never does.
const skip = !VARNISHD && !process.env.CI ? 'varnishd is not installed (apt-get install -y varnish)' : false;

describe('through a real HTTP cache', { skip }, () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let db: Db;
  let app: AppProcess;
  let cache: Varnish;

  before(async () => {
    database = await createTestDatabase();
    smtp = await startTestSmtp();
    db = createDb(database.url);
    app = await startAppProcess({ DATABASE_URL: database.url, SMTP_URL: smtp.url, ...sharedSecrets() });
    cache = await startVarnish(await freePort(), app.port);
  });
  after(async () => {
    await cache?.stop();
    await app?.kill('SIGTERM');
    await db?.destroy();
    await smtp?.close();
    await database?.drop();
  });

  it('50 cookie-less clients: the origin serves at most 2% of the requests, and no cached answer sets a cookie', async () => {
    for (const path of PAGES) {
      const res = await fetch(`${cache.url}${path}`);
      await res.arrayBuffer();
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('set-cookie'), null, path);
    }
    const before = await cache.stats();
    const result = await autocannon({ url: cache.url, connections: 50, duration: 5, requests: PAGES.map((path) => ({ method: 'GET', path })) });
    const afterRun = await cache.stats();
    const clients = afterRun.clientRequests - before.clientRequests;
    const origin = afterRun.originRequests - before.originRequests;
    console.log(`through the cache: ${clients} requests in 5 s (${Math.round(result.requests.average)}/s), ${origin} reached the origin (${((origin / clients) * 100).toFixed(3)}%)`);
    assert.equal(result.non2xx, 0);
    assert.equal(result.errors, 0);
    assert.ok(clients > 1000, `${clients} requests`);
    assert.ok(origin / clients <= 0.02, `${origin} of ${clients} reached the origin`);
    for (const path of PAGES) {
      const res = await fetch(`${cache.url}${path}`);
      await res.arrayBuffer();
      assert.equal(res.headers.get('set-cookie'), null, path);
      assert.ok(Number(res.headers.get('age') ?? '0') >= 0 && res.headers.get('x-varnish') !== null, path);
    }
  });

  it('signing from a cached page works end to end, and the count seen through the cache rises within 10 s', async () => {
    const page = await (await fetch(`${cache.url}/en/petitions/zhanaozen-list`)).text();
    const rendered = page.match(/name="rendered" value="([^"]*)"/)?.[1] ?? '';
    const startCount = await count(cache.url);
    await new Promise((r) => setTimeout(r, 3000)); // a person reads before signing (the form is flagged under 3 s)
    const signed = await fetch(`${cache.url}/en/petitions/zhanaozen-list/signatures`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', Origin: cache.url },
      body: new URLSearchParams({ name: 'Cache Signer', email: 'through-cache@example.org', country: 'KZ', consent: 'on', rendered }).toString(),
    });
    assert.equal(signed.status, 303);
    const [mail] = await smtp.waitForTo('through-cache@example.org', 1, 30_000);
    const link = new URL(linkIn(mail!, /\/en\/confirm\//));
    const confirmPage = await fetch(`${cache.url}${link.pathname}`);
    assert.equal(confirmPage.headers.get('cache-control'), 'private, no-store');
    await confirmPage.arrayBuffer();
    const confirmed = await fetch(`${cache.url}${link.pathname}`, { method: 'POST', redirect: 'manual', headers: { 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    assert.equal(confirmed.status, 303);
    const confirmedAt = Date.now();
    let seen = startCount;
    while (seen <= startCount && Date.now() - confirmedAt < 10_000) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await count(cache.url);
    }
    console.log(`the count through the cache rose ${((Date.now() - confirmedAt) / 1000).toFixed(1)} s after the confirmation`);
    assert.equal(seen, startCount + 1);
    const row = await db('signatures').where({ state: 'confirmed' }).count<{ n: string }[]>('* as n');
    assert.equal(Number(row[0]!.n), 1);
  });

  it('a cross-site POST through the cache is refused and sends nothing', async () => {
    const refused = await fetch(`${cache.url}/en/petitions/zhanaozen-list/signatures`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
      body: new URLSearchParams({ name: 'Forged', email: 'forged-through-cache@example.org', country: 'PL', consent: 'on' }).toString(),
    });
    assert.equal(refused.status, 403);
    await refused.arrayBuffer();
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(smtp.to('forged-through-cache@example.org').length, 0);
    assert.equal(Number((await db('signatures').count<{ n: string }[]>('* as n'))[0]!.n), 1);
  });

  it('GET / through the cache still sends each visitor to their own language', async () => {
    for (let round = 0; round < 3; round += 1) {
      for (const [header, lang] of [['kk-KZ,kk;q=0.9', 'kk'], ['pl', 'pl'], ['ru-RU,ru', 'ru'], ['de-DE', 'en']] as const) {
        const res = await fetch(`${cache.url}/`, { redirect: 'manual', headers: { 'Accept-Language': header } });
        await res.arrayBuffer();
        assert.equal(res.status, 302);
        assert.equal(new URL(res.headers.get('location')!, cache.url).pathname, `/${lang}/`, header);
      }
      const chosen = await fetch(`${cache.url}/`, { redirect: 'manual', headers: { 'Accept-Language': 'pl', Cookie: 'lang=kk' } });
      await chosen.arrayBuffer();
      assert.equal(new URL(chosen.headers.get('location')!, cache.url).pathname, '/kk/');
    }
  });
});
