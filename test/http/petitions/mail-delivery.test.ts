// Mail is never lost: the job is committed with the signature, survives the app going away before the
// send, is retried when SMTP fails temporarily, and is sent once. Each test owns its app and database,
// so no other instance's workers can take its jobs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { sign } from '../../support/forms.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withApp(workers: boolean, body: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await buildTestApp({ workers });
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

describe('confirmation email delivery', () => {
  it('an app stopped between the 303 and the send loses nothing: the next instance sends it once', () =>
    withApp(false, async (t) => {
      const res = await sign(t.app, { email: 'restart@example.org' });
      assert.equal(res.status, 303);
      const jobs = await t.db.raw("select count(*)::int as n from pgboss.job where name = 'email-signature-confirmation' and state = 'created'");
      assert.equal(jobs.rows[0].n, 1, 'the email job was committed with the signature');
      await wait(800);
      assert.equal(t.smtp.to('restart@example.org').length, 0);

      await t.instance({ workers: true });
      const mails = await t.smtp.waitForTo('restart@example.org', 1);
      await wait(2000);
      assert.equal(t.smtp.to('restart@example.org').length, 1, 'sent exactly once');
      assert.match(mails[0]!.messageId ?? '', /^<signature-\d+\.confirmation\.[0-9a-f-]+@localhost>$/);
    }));

  it('a confirmation job a dead instance had started is sent by the next instance within seconds, once', () =>
    withApp(false, async (t) => {
      assert.equal((await sign(t.app, { email: 'orphan@example.org' })).status, 303);
      // The instance that took the job died (no heartbeat for 30 s) before sending; its job expires in 30 s.
      const dead = '00000000-0000-4000-8000-0000000000ad';
      await t.db.raw("insert into job_instances (id, heartbeat_at, host, pid) values (?, now() - interval '30 seconds', 'gone', 1)", [dead]);
      await t.db.raw(
        `with started as (update pgboss.job set state = 'active', started_on = now() where name = 'email-signature-confirmation' returning id, name, started_on)
         insert into job_leases (job_id, queue, instance_id, started_on) select id, name, ?, started_on from started`,
        [dead],
      );
      const startedAt = Date.now();
      await t.instance({ workers: true });
      await t.smtp.waitForTo('orphan@example.org', 1, 10_000);
      const seconds = (Date.now() - startedAt) / 1000;
      assert.ok(seconds < 5, `sent ${seconds.toFixed(1)} s after the next instance started (the expiry is 30 s)`);
      await wait(1500);
      assert.equal(t.smtp.to('orphan@example.org').length, 1, 'sent once');
    }));

  it('a temporary SMTP failure is retried with backoff and the email goes out once', () =>
    withApp(true, async (t) => {
      t.smtp.failNext(1, 451);
      await sign(t.app, { email: 'retry@example.org' });
      await t.smtp.waitForTo('retry@example.org', 1, 40_000);
      await wait(1500);
      assert.equal(t.smtp.to('retry@example.org').length, 1);
    }));

  it('a job naming several signatures, one of whose emails fails for a while, sends each email once', () =>
    withApp(false, async (t) => {
      const emails = Array.from({ length: 8 }, (_, i) => `batch-${i}@example-b${i}.org`);
      // Hold the rate-limit table, so the first write waits and the others gather behind it.
      const hold = await t.db.transaction();
      await hold.raw('lock table rate_limits in share mode');
      const signed = Promise.all(emails.map((email) => sign(t.app, { email })));
      await wait(500);
      await hold.commit();
      await signed;
      const jobs = (await t.db.raw("select data from pgboss.job where name = 'email-signature-confirmation'")).rows as { data: { signatureIds: string[] } }[];
      assert.equal(jobs.flatMap((j) => j.data.signatureIds).length, 8);
      assert.ok(jobs.some((j) => j.data.signatureIds.length > 1), 'signatures written together share one job');

      t.smtp.failNext(1, 451);
      await t.instance({ workers: true });
      for (const email of emails) await t.smtp.waitForTo(email, 1, 40_000);
      await wait(1500);
      assert.deepEqual(emails.map((email) => t.smtp.to(email).length), emails.map(() => 1), 'the retry sent only the email that had failed');
    }));

  it('a permanent SMTP refusal is not retried', () =>
    withApp(true, async (t) => {
      t.smtp.failNext(1, 550);
      await sign(t.app, { email: 'refused@example.org' });
      await wait(4000);
      assert.equal(t.smtp.to('refused@example.org').length, 0);
      const failed = await t.db.raw("select count(*)::int as n from pgboss.job where name = 'email-signature-confirmation' and state in ('created','retry','active')");
      assert.equal(failed.rows[0].n, 0, 'no job left to retry');
    }));

  it('a job for a signature withdrawn before the send sends nothing', () =>
    withApp(false, async (t) => {
      await sign(t.app, { email: 'erased@example.org' });
      const row = await t.db('signatures').orderBy('id', 'desc').first('id');
      await t.db('signatures').where({ id: row.id }).update({ state: 'withdrawn', withdrawn_at: new Date(), email_hash: null, email_enc: null, name_enc: null, postcode_enc: null });
      await t.instance({ workers: true });
      await wait(3000);
      assert.equal(t.smtp.to('erased@example.org').length, 0);
    }));
});
