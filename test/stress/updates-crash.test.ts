// An update survives kill -9: 1,200 opted-in signers (and 120 who did not opt in) are seeded in SQL; the
// update's start job is queued; once a third of the messages have arrived the app (a child process, its
// job thread sending) is killed with SIGKILL and started again at once. Every opted-in address must get
// the update exactly once by Message-ID (the per-recipient ledger resumes where it stopped), nobody else
// any; the ledger ends all sent and no update job is left. A message SMTP accepted in the instant before
// the kill, before the ledger marked it, can arrive a second time with the same Message-ID (which mail
// stores show once): we report how many, bounded by the messages in flight (2 workers × 2 jobs × RECIPIENTS_PER_JOB rows).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { createDb, type Db } from '../../src/db/knex.ts';
import { loadAllDefaultContent } from '../../src/capabilities.ts';
import { loadConfig } from '../../src/config.ts';
import { resolveSecrets } from '../../src/secrets.ts';
import { encrypt, hmac } from '../../src/lib/crypto.ts';
import { RECIPIENTS_PER_JOB } from '../../src/supporters/update-jobs.ts';

const OPTED_IN = 1200;
const NOT_OPTED_IN = 120;
const MAX_DUPLICATES = 4 * RECIPIENTS_PER_JOB;
const DONE_WITHIN_S = 120;

describe('an update, killed mid-send and restarted', () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let db: Db;
  let app: AppProcess | undefined;
  let env: Record<string, string>;

  before(async () => {
    database = await createTestDatabase();
    smtp = await startTestSmtp();
    db = createDb(database.url);
    await loadAllDefaultContent(db);
    env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, ...sharedSecrets() };
  });
  after(async () => {
    await app?.kill('SIGTERM');
    await db.destroy();
    await smtp.close();
    await database.drop();
  });

  it(`kill -9 after a third of ${OPTED_IN} messages: each opted-in address gets it once, nobody else`, async () => {
    app = await startAppProcess(env);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-updates-crash-'));
    const secrets = resolveSecrets(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: dataDir, ...env }));
    const petition = ((await db('petitions').where({ slug: 'zhanaozen-list' }).first('id')) as { id: number }).id;
    const langs = ['en', 'ru', 'kk', 'pl'] as const;
    const rows = Array.from({ length: OPTED_IN + NOT_OPTED_IN }, (_, i) => {
      const email = `update-${i}@example.org`;
      return {
        petition_id: petition, state: 'confirmed', validity: 'valid', email_hash: hmac(secrets.lookupKey, email), email_enc: encrypt(secrets.encryptionKey, email), name_enc: encrypt(secrets.encryptionKey, `Signer ${i}`),
        country: 'PL', updates: i < OPTED_IN, lang: langs[i % 4], consent_version: 'test', consented_at: new Date(Date.now() - 3600_000), created_at: new Date(Date.now() - 3600_000), confirmed_at: new Date(Date.now() - 1800_000),
      };
    });
    for (let i = 0; i < rows.length; i += 500) await db('signatures').insert(rows.slice(i, i + 500));
    const [update] = (await db('supporter_updates').insert({ status: 'queued', fallback: 'english', created_by: 'test', queued_at: new Date() }).returning('id')) as { id: number }[];
    await db('supporter_update_translations').insert([{ update_id: update!.id, lang: 'en', subject: 'Crash update', body: 'Text.' }, { update_id: update!.id, lang: 'ru', subject: 'Новость', body: 'Текст.' }]);
    await db.raw(`insert into pgboss.job (name, data, policy) values ('update-start', jsonb_build_object('updateId', ?::int), (select policy from pgboss.queue where name = 'update-start'))`, [update!.id]);

    const killAt = Math.floor(OPTED_IN / 3);
    const until = Date.now() + 60_000;
    while (smtp.messages.length < killAt && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    const atKill = smtp.messages.length;
    assert.ok(atKill >= killAt && atKill < OPTED_IN, `killed mid-send (${atKill} sent)`);
    await app.kill('SIGKILL');
    const restartedAt = Date.now();
    app = await startAppProcess(env);

    const status = async () => ((await db('supporter_updates').where({ id: update!.id }).first('status')) as { status: string }).status;
    const pendingJobs = async () => (await db.raw("select count(*)::int as n from pgboss.job where name like 'update-%' and state in ('created','retry','active')")).rows[0].n as number;
    while (((await status()) !== 'sent' || (await pendingJobs()) > 0) && Date.now() < restartedAt + DONE_WITHIN_S * 1000) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 500)); // the last messages' parsing in the SMTP server

    const perAddress = new Map<string, Set<string>>();
    const perMessage = new Map<string, number>();
    for (const m of smtp.messages) {
      const to = (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address!.toLowerCase();
      perAddress.set(to, (perAddress.get(to) ?? new Set()).add(m.messageId ?? ''));
      perMessage.set(m.messageId ?? '', (perMessage.get(m.messageId ?? '') ?? 0) + 1);
    }
    const duplicates = [...perMessage.values()].filter((n) => n > 1).length;
    const expected = Array.from({ length: OPTED_IN }, (_, i) => `update-${i}@example.org`);
    const missing = expected.filter((e) => !perAddress.has(e));
    const twice = [...perAddress].filter(([, ids]) => ids.size > 1).map(([to]) => to);
    const strangers = [...perAddress.keys()].filter((to) => Number(/update-(\d+)@/.exec(to)?.[1] ?? -1) >= OPTED_IN);
    console.log(`updates-crash: killed after ${atKill} of ${OPTED_IN} messages; ${smtp.messages.length} messages arrived, ${duplicates} twice (same Message-ID); done ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart`);

    assert.equal(await status(), 'sent');
    assert.deepEqual(missing, [], 'every opted-in address got the update');
    assert.deepEqual(twice, [], 'no address got two different messages of the update');
    assert.deepEqual(strangers, [], 'nobody who did not opt in got it');
    assert.ok(duplicates <= MAX_DUPLICATES, `${duplicates} repeated Message-IDs: bounded by the messages in flight at the kill`);
    const ledger = (await db.raw('select status, count(*)::int as n from supporter_update_recipients where update_id = ? group by status', [update!.id])).rows as { status: string; n: number }[];
    assert.deepEqual(ledger, [{ status: 'sent', n: OPTED_IN }]);
    assert.equal(await pendingJobs(), 0, 'no update job left behind');
    const failed = (await db.raw("select count(*)::int as n from pgboss.job where name like 'update-%' and state = 'failed'")).rows[0].n as number;
    assert.equal(failed, 0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
