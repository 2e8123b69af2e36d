// The database goes away under a running app (through a TCP proxy in front of the real PostgreSQL):
// stopped (connections reset, new ones refused) and unreachable (a network that drops everything).
// Every page and form that needs it answers 503 with Retry-After and a page in the visitor's language
// saying that nothing was taken, or JSON under /api; never a 500, never later than 10 s; nothing is
// half-stored; and /healthz comes back to 200 by itself once the database is back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createApp } from '../../../src/app.ts';
import { createDb, type Db } from '../../../src/db/knex.ts';
import { LANGS, type Lang } from '../../../src/i18n/languages.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { openForm, signatureFields } from '../../support/forms.ts';
import { linkIn } from '../../support/smtp.ts';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.ts';

const LIMIT_MS = 10_000;
const SLUG = 'zhanaozen-list';

interface Probe {
  readonly method: 'GET' | 'POST';
  readonly path: (lang: Lang) => string;
  readonly form?: Record<string, string>;
  /** Needs the database: must answer 503. Otherwise (a page made of translations only) 200 is fine too. */
  readonly needsDatabase: boolean;
}

/** Every route of the app today, with the database-free ones marked. */
function probes(token: string): Probe[] {
  const page = (path: string, needsDatabase: boolean): Probe => ({ method: 'GET', path: (l) => `/${l}${path}`, needsDatabase });
  const form = (path: string, fields: Record<string, string> = {}): Probe => ({ method: 'POST', path: (l) => `/${l}${path}`, form: fields, needsDatabase: true });
  return [
    page('/', true),
    page(`/petitions/${SLUG}`, true),
    page(`/petitions/${SLUG}/thank-you`, true),
    page(`/petitions/${SLUG}/check-email`, false),
    page(`/petitions/${SLUG}/resend`, false),
    page(`/confirm/${token}`, false),
    page(`/withdraw/${token}`, false),
    page('/withdrawn', false),
    page('/privacy', false),
    form(`/petitions/${SLUG}/signatures`, signatureFields({ email: 'during-outage@example.org' })),
    form(`/petitions/${SLUG}/resend`, { email: 'first@example.org' }),
    form(`/confirm/${token}`),
    form(`/withdraw/${token}`),
  ];
}

const TEXTS: Record<Lang, { notTaken: RegExp; page: RegExp }> = {
  en: { notTaken: /was not taken/, page: /cannot be shown/ },
  ru: { notTaken: /не принято/, page: /невозможно показать/ },
  kk: { notTaken: /қабылданған жоқ/, page: /көрсету мүмкін емес/ },
  pl: { notTaken: /nie zostało przyjęte/, page: /nie da się teraz wyświetlić/ },
};

describe('the database goes away', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let token: string;
  const counts = async () => {
    const [signatures, jobs, confirmed] = await Promise.all([
      direct.raw('select count(*)::int as n from signatures'),
      direct.raw("select count(*)::int as n from pgboss.job where name like 'email-%'"),
      direct.raw("select count(*)::int as n from signatures where state <> 'pending'"),
    ]);
    return { signatures: signatures.rows[0].n as number, jobs: jobs.rows[0].n as number, notPending: confirmed.rows[0].n as number };
  };
  let direct: Db;

  before(async () => {
    const target = new URL(process.env.TEST_PG_ADMIN_URL ?? 'postgres://127.0.0.1:5432');
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    t = await buildTestApp({ reachDatabase: (url) => proxy.via(url) });
    direct = createDb(t.database.url);
    const { agent, rendered } = await openForm(t.app, `/en/petitions/${SLUG}`);
    await agent.post(`/en/petitions/${SLUG}/signatures`).type('form').send({ ...signatureFields({ email: 'first@example.org' }), rendered }).expect(303);
    const [mail] = await t.smtp.waitForTo('first@example.org', 1);
    token = linkIn(mail!, /\/en\/confirm\//).split('/').pop()!;
  });
  after(async () => {
    await proxy.restore();
    await direct.destroy();
    await t.close();
    await proxy.close();
  });

  /**
   * Sends every probe in every language at once; returns the slowest answer's time. A `warm` app may
   * still answer a page from the few seconds it keeps pages and petitions; a form never.
   */
  async function everyRouteAnswers503(app: TestApp['app'], warm = false): Promise<number> {
    let slowest = 0;
    await Promise.all(
      LANGS.flatMap((lang) =>
        probes(token).map(async (probe) => {
          const path = probe.path(lang);
          const started = Date.now();
          const req = probe.method === 'GET' ? request(app).get(path) : request(app).post(path).set('Sec-Fetch-Site', 'same-origin').type('form').send(probe.form ?? {});
          const res = await req.timeout(LIMIT_MS + 5000);
          const ms = Date.now() - started;
          slowest = Math.max(slowest, ms);
          const what = `${probe.method} ${path}: ${res.status} in ${ms} ms`;
          assert.ok(ms < LIMIT_MS, what);
          if ((!probe.needsDatabase || (warm && probe.method === 'GET')) && res.status === 200) return;
          assert.equal(res.status, 503, what);
          assert.equal(res.headers['retry-after'], '30', what);
          assert.match(res.text, new RegExp(`<html lang="${lang}"`), what);
          assert.match(res.text, probe.method === 'POST' ? TEXTS[lang].notTaken : TEXTS[lang].page, what);
          assert.match(res.text, /<code>[0-9a-f-]{36}<\/code>/, `${what}: an error id`);
          assert.doesNotMatch(res.text, /ECONNREFUSED|Connection terminated|timeout|at \S+ \(/, `${what}: no internals`);
          assert.match(String(res.headers['cache-control']), /no-store/, what);
        }),
      ),
    );
    const api = await request(app).get(`/api/v1/petitions/${SLUG}`).set('Accept-Language', 'kk');
    if (!warm || api.status !== 200) {
      assert.equal(api.status, 503);
      assert.equal(api.headers['retry-after'], '30');
      assert.equal(api.body.error.status, 503);
      assert.match(api.body.error.message, /дерекқор/);
    }
    const health = await request(app).get('/healthz');
    assert.equal(health.status, 503);
    assert.equal(health.headers['retry-after'], '30');
    return slowest;
  }

  async function recovers(): Promise<number> {
    const started = Date.now();
    while ((await request(t.app).get('/healthz')).status !== 200) {
      assert.ok(Date.now() - started < 15_000, '/healthz is 200 again within 15 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - started;
  }

  it('stopped: every route answers 503 + Retry-After in its language within 10 s, nothing is half-stored, and it recovers by itself', async () => {
    const before = await counts();
    await proxy.refuse();
    // A fresh app on a copy of the deps: nothing cached from before (pages and petitions are kept a few
    // seconds, per AppDeps object: petitions/index.ts petitionDepsOf).
    const slowest = await everyRouteAnswers503(createApp({ ...t.deps }));
    await everyRouteAnswers503(t.app, true); // the running app, its pool holding connections that were cut
    assert.deepEqual(await counts(), before, 'no signature, job or state change from the outage');
    await proxy.restore();
    const ms = await recovers();
    console.log(`database-down (stopped): slowest answer ${slowest} ms; /healthz 200 again ${ms} ms after the database came back`);
    const { agent, rendered } = await openForm(t.app, `/pl/petitions/${SLUG}`);
    await agent.post(`/pl/petitions/${SLUG}/signatures`).type('form').send({ ...signatureFields({ email: 'after-outage@example.org' }), rendered }).expect(303);
    assert.equal((await counts()).signatures, before.signatures + 1);
    await t.smtp.waitForTo('after-outage@example.org', 1, 20_000); // the job queue and its workers came back too
  });

  it('unreachable (packets dropped, connections hang): every route still answers 503 within 10 s; then it recovers', async () => {
    const before = await counts();
    await request(t.app).get('/healthz').expect(200); // the pool holds live connections that will now hang
    proxy.blackhole();
    const slowest = await everyRouteAnswers503(t.app, true);
    assert.deepEqual(await counts(), before, 'nothing stored from the outage');
    await proxy.restore();
    const ms = await recovers();
    console.log(`database-down (unreachable): slowest answer ${slowest} ms; /healthz 200 again ${ms} ms after the network came back`);
    const { agent, rendered } = await openForm(t.app, `/kk/petitions/${SLUG}`);
    await agent.post(`/kk/petitions/${SLUG}/signatures`).type('form').send({ ...signatureFields({ email: 'after-partition@example.org' }), rendered }).expect(303);
  });
});
