// 2,000 Stripe webhook events (10% of them replays, shuffled, so invoice.paid often comes before its
// checkout.session.completed and refunds before their payments) spread over two app processes on one
// database: the totals are exactly those of the payments sent, each event is recorded once, each
// donation is thanked once, and no log line holds a secret or a donor's address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadAllDefaultContent } from '../../src/capabilities.ts';
import { createDb, type Db } from '../../src/db/knex.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { buildBurst, readTotals, sendBurst } from '../support/stripe-burst.ts';
import { STRIPE_SECRET_KEY, startStripeDouble, WEBHOOK_SECRET, type StripeDouble } from '../support/stripe.ts';

describe('donations: a burst of 2,000 webhook events over two instances', () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let stripe: StripeDouble;
  let db: Db;
  const apps: AppProcess[] = [];

  before(async () => {
    database = await createTestDatabase();
    smtp = await startTestSmtp();
    stripe = await startStripeDouble();
    db = createDb(database.url);
    await loadAllDefaultContent(db);
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, LOG_LEVEL: 'debug', ...stripe.env(), ...sharedSecrets() };
    const started = await Promise.allSettled([startAppProcess(env, { capture: true }), startAppProcess(env, { capture: true })]);
    for (const r of started) if (r.status === 'fulfilled') apps.push(r.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.kill('SIGTERM')));
    await db.destroy();
    await stripe.close();
    await smtp.close();
    await database.drop();
  });

  it('totals equal the payments sent; every event once; every donation thanked once; nothing secret in the logs', async () => {
    const burst = buildBurst({ total: 2000, replayShare: 0.1 });
    for (const [pi, invoice] of burst.invoiceOfPaymentIntent) stripe.mapPaymentIntent(pi, invoice);
    assert.equal(burst.events.length, 2000);
    assert.equal(burst.replays, 200);

    const sent = await sendBurst(burst, apps.map((a) => a.url), 32);
    console.log(`burst: ${burst.events.length} events (${burst.replays} replays) over 2 instances in ${(sent.ms / 1000).toFixed(2)} s = ${Math.round(burst.events.length / (sent.ms / 1000))} events/s; slowest answer ${sent.slowestMs.toFixed(0)} ms`);
    assert.deepEqual(sent.statuses, { 200: 2000 });

    assert.equal(Number((await db('stripe_events').count<{ count: string }[]>('* as count'))[0]!.count), burst.unique, 'each event recorded once');
    // The refund job matches refunds of monthly payments in the job threads: wait for it.
    const until = Date.now() + 60_000;
    let totals = await readTotals(db);
    while (JSON.stringify(totals.refundedMinor) !== JSON.stringify(burst.expected.refundedMinor) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      totals = await readTotals(db);
    }
    assert.deepEqual(totals.payments, burst.expected.payments);
    assert.deepEqual(totals.refundedMinor, burst.expected.refundedMinor);
    assert.deepEqual(totals.netMinor, burst.expected.netMinor);
    assert.equal(totals.activeMonthlyDonors, burst.expected.activeMonthlyDonors);

    await smtp.waitFor(burst.expected.thankYous, 120_000);
    await new Promise((r) => setTimeout(r, 2000)); // any second email would have come by now
    assert.equal(smtp.messages.length, burst.expected.thankYous, 'one thank-you per donation');
    assert.equal(new Set(smtp.messages.map((m) => m.messageId)).size, smtp.messages.length);

    const logs = apps.map((a) => a.output()).join('\n');
    assert.ok(logs.includes('"path":"/webhooks/stripe"'), 'the requests were logged (at debug level)');
    for (const secret of [STRIPE_SECRET_KEY, WEBHOOK_SECRET, 'whsec_', 'sk_test_', '@example.org', 'Stripe-Signature', 'stripe-signature', 'v1=']) assert.ok(!logs.includes(secret), `no ${secret} in the logs`);
  });
});
