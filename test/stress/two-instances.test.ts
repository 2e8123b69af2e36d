// Two app processes on one PostgreSQL, on different ports: signing on one and confirming on the other
// gives exact counts, each email is sent once, and rate limits are shared.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDb, type Db } from '../../src/db/knex.ts';
import { loadAllDefaultContent } from '../../src/capabilities.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { linkIn, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { browserPress, browserSign, sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';

const SIGNERS = 120;

describe('two instances on one database', () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let db: Db;
  let a: AppProcess;
  let b: AppProcess;
  const started: AppProcess[] = [];

  before(async () => {
    database = await createTestDatabase();
    smtp = await startTestSmtp();
    db = createDb(database.url);
    await loadAllDefaultContent(db);
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, TRUST_PROXY: 'loopback', ...sharedSecrets() };
    // Started together on purpose: instances of one deployment often boot at the same moment.
    const results = await Promise.allSettled([startAppProcess(env), startAppProcess(env)]);
    for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    [a, b] = started as [AppProcess, AppProcess];
  });
  after(async () => {
    await Promise.all(started.map((app) => app.kill('SIGTERM')));
    await db.destroy();
    await smtp.close();
    await database.drop();
  });

  it(`${SIGNERS} signers spread over both: exact count, one email each`, async () => {
    const statuses = await Promise.all(Array.from({ length: SIGNERS }, (_, i) => browserSign((i % 2 ? a : b).url, { name: `Two ${i}`, email: `two-${i}@example.org`, country: i % 3 ? 'PL' : 'KZ', consent: 'on' })));
    assert.deepEqual([...new Set(statuses)], [303]);
    await smtp.waitFor(SIGNERS, 60_000);
    const links = smtp.messages.map((m) => linkIn(m, /\/en\/confirm\//));
    const confirmed = await Promise.all(links.map((link, i) => browserPress((i % 2 ? b : a).url, link)));
    assert.deepEqual([...new Set(confirmed)], [303]);
    await new Promise((r) => setTimeout(r, 1500));
    const [fromA, fromB] = await Promise.all([a, b].map(async (app) => (await (await fetch(`${app.url}/api/v1/petitions/zhanaozen-list`)).json()) as { signatureCount: number; byCountry: Record<string, number> }));
    assert.equal(fromA!.signatureCount, SIGNERS);
    assert.deepEqual(fromA, fromB);
    assert.equal(fromA!.byCountry.KZ, SIGNERS / 3);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(smtp.messages.length, SIGNERS, 'each email sent once');
  });

  it('rate limits are shared: 12 signatures from one address over both instances flag exactly 2', async () => {
    for (let i = 0; i < 12; i += 1) {
      const status = await browserSign((i % 2 ? a : b).url, { name: `Shared ${i}`, email: `shared-${i}@example-${i}.org`, country: 'DE', consent: 'on' }, { 'X-Forwarded-For': '192.0.2.44' });
      assert.equal(status, 303);
    }
    const rows = await db('signatures').where({ country: 'DE' }).select('flags');
    assert.equal(rows.filter((r) => (r.flags as string[]).includes('rate_ip')).length, 2);
  });
});
