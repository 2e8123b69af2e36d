// /metrics: not served without METRICS_TOKEN or METRICS_PORT; with the token, only for its bearer; with a
// port, only there. A scrape shows requests by route pattern (never a token from a path), signatures
// created and confirmed, mail sent, queued and refused, jobs by state and the pool; a count made in the
// job thread reaches the main thread's metrics.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import request from 'supertest';
import { metricsRegistry } from '../../../src/lib/metrics.ts';
import { startMetricsServer } from '../../../src/web/metrics-endpoint.ts';
import { loadAllDefaultContent } from '../../../src/capabilities.ts';
import { createDb } from '../../../src/db/knex.ts';
import { createTestDatabase } from '../../support/db.ts';
import { sharedSecrets, startAppProcess } from '../../support/process.ts';
import { freeFixedPort } from '../../support/ports.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { pressLinkButton, sign } from '../../support/forms.ts';
import { linkIn } from '../../support/smtp.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one series in the Prometheus text (0 when absent). */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('/metrics', () => {
  let plain: TestApp;
  let withToken: TestApp;
  before(async () => {
    [plain, withToken] = await Promise.all([buildTestApp({ workers: false }), buildTestApp({ env: { METRICS_TOKEN: TOKEN } })]);
  });
  after(async () => {
    await Promise.all([plain?.close(), withToken?.close()]);
  });

  it('is not served when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    await request(plain.app).get('/metrics').expect(404);
    await request(plain.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
  });

  it('with METRICS_TOKEN: 401 without the token or with another one', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await (authorization ? request(withToken.app).get('/metrics').set('Authorization', authorization) : request(withToken.app).get('/metrics'));
      assert.equal(res.status, 401, String(authorization));
      assert.doesNotMatch(res.text, /dauys_/);
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="metrics"');
    }
  });

  it('with the token: requests by route pattern, signatures, mail and jobs, and no token from a path', async () => {
    const scrape = async () => (await request(withToken.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200).expect('content-type', /text\/plain/)).text;
    const before = await scrape();
    assert.equal((await sign(withToken.app, { email: 'metrics@example.org' })).status, 303);
    const [mail] = await withToken.smtp.waitFor(1);
    const link = linkIn(mail!, /\/en\/confirm\//);
    assert.equal((await pressLinkButton(withToken.app, link)).status, 303);
    withToken.smtp.failNext(1, 550);
    assert.equal((await sign(withToken.app, { email: 'refused@example.org' })).status, 303);
    await request(withToken.app).get('/en/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(200);
    await request(withToken.app).get('/en/no-such-page-with-a-secret-abcdef0123456789').expect(404);

    const until = Date.now() + 15_000;
    let text = await scrape();
    while (value(text, 'dauys_mail_refused_total{kind="signature.confirmation"}') <= value(before, 'dauys_mail_refused_total{kind="signature.confirmation"}') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      text = await scrape();
    }
    const delta = (series: string) => value(text, series) - value(before, series);
    assert.equal(delta('dauys_signatures_created_total{petition="zhanaozen-list"}'), 2);
    assert.equal(delta('dauys_signatures_confirmed_total{petition="zhanaozen-list"}'), 1);
    assert.equal(delta('dauys_mail_refused_total{kind="signature.confirmation"}'), 1);
    await withToken.deps.jobs.send('metrics-probe', {}); // a job nobody works on: waiting
    await new Promise((r) => setTimeout(r, 5100)); // database figures are read at most every 5 s
    text = await scrape();
    assert.ok(value(text, 'dauys_mail_sent_total{kind="signature.confirmation"}') >= 1, 'mail sent, from email_deliveries');
    assert.match(text, /^dauys_mail_queued \d+$/m);
    assert.match(text, /^dauys_db_pool_connections\{state="max"\} 20$/m);
    assert.equal(value(text, 'dauys_jobs{queue="metrics-probe",state="created"}'), 1, 'jobs by queue and state');
    assert.ok(value(text, 'dauys_http_request_duration_seconds_count{method="POST",route="/:lang/petitions/:slug/signatures",status="303"}') >= 2);
    assert.ok(value(text, 'dauys_http_request_duration_seconds_count{method="POST",route="/:lang/confirm/:token",status="303"}') >= 1);
    assert.ok(value(text, 'dauys_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}') >= 1);
    assert.ok(!text.includes(new URL(link).pathname.split('/').at(-1)!), 'no token from a path');
    assert.ok(!text.includes('AAAAAAAAAAAAAAAAAAAA') && !text.includes('abcdef0123456789'), 'no raw path');
    assert.match(text, /^dauys_process_resident_memory_bytes \d+/m);
  });

  it('with METRICS_PORT: served only on that port (bound to HOST), with the token there when both are set', async () => {
    const port = await freeFixedPort();
    for (const token of [undefined, TOKEN]) {
      const t = await buildTestApp({ workers: false, env: { METRICS_PORT: String(port), ...(token ? { METRICS_TOKEN: token } : {}) } });
      const server = await startMetricsServer(t.deps);
      try {
        await request(t.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
        const address = server!.address() as AddressInfo;
        assert.equal(address.address, '127.0.0.1');
        const base = `http://127.0.0.1:${address.port}`;
        const open = await fetch(`${base}/metrics`);
        assert.equal(open.status, token ? 401 : 200);
        if (!token) assert.match(await open.text(), /dauys_http_request_duration_seconds/);
        else {
          await open.arrayBuffer();
          const authorised = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
          assert.equal(authorised.status, 200);
          assert.match(await authorised.text(), /dauys_signatures_created_total/);
        }
        assert.equal((await fetch(`${base}/`)).status, 404);
      } finally {
        await new Promise((r) => server!.close(r));
        await t.close();
      }
    }
  });

  it('npm start with METRICS_PORT listens there for /metrics, and not on its own port', async () => {
    const database = await createTestDatabase();
    const db = createDb(database.url);
    await loadAllDefaultContent(db);
    await db.destroy();
    const metricsPort = await freeFixedPort();
    const app = await startAppProcess({ DATABASE_URL: database.url, METRICS_PORT: String(metricsPort), START_WORKERS: 'false', ...sharedSecrets() });
    try {
      assert.equal((await fetch(`${app.url}/metrics`)).status, 404);
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^dauys_jobs|dauys_http_request_duration_seconds/m);
    } finally {
      await app.kill('SIGTERM');
      await database.drop();
    }
    await assert.rejects(fetch(`http://127.0.0.1:${metricsPort}/metrics`), 'closed with the app');
  });

  it("a count made in the job thread reaches the main thread's metrics", async () => {
    const series = 'dauys_mail_refused_total{kind="from-a-thread"}';
    const read = async () => value(await metricsRegistry.metrics(), series);
    const tsx = import.meta.resolve('tsx/esm/api');
    const module = new URL('../../../src/lib/metrics.ts', import.meta.url).href;
    const worker = new Worker(`import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(module)}); }).then((m) => { m.countMailRefused('from-a-thread'); m.countMailRefused('from-a-thread'); })`, { eval: true });
    await new Promise((resolve) => worker.once('exit', resolve));
    const until = Date.now() + 5000;
    while ((await read()) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await read(), 2);
  });
});
