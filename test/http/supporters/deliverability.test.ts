// Deliverability: a permanent SMTP refusal (5xx) at send time is recorded per message and suppresses the
// address (by its keyed hash) for every later mail, confirmations included; a 4xx stays temporary; the
// resend path answers the same whether an address is suppressed or not; organisers see the figures per
// day and lift a suppression by typing the address (audited, hash only); erasure reaches all of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { openForm, sign } from '../../support/forms.ts';
import { hmac } from '../../../src/lib/crypto.ts';
import { canonicalEmail } from '../../../src/petitions/email-canonical.ts';
import { erasureHooks } from '../../../src/erasure/index.ts';
import { makeAccount, signedIn, csrfOf, type Browser } from '../admin/support.ts';

async function until(what: string, probe: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('supporters: deliverability and the suppression list', () => {
  let t: TestApp;
  let organiser: Browser;
  const hashOf = (address: string) => hmac(t.deps.secrets.lookupKey, canonicalEmail(address)!);

  before(async () => {
    t = await buildTestApp();
    organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), new Date());
  });
  after(() => t.close());

  it('a 550 to a confirmation email is recorded and suppresses the address; later mail to it is not sent; a 451 suppresses nothing', async () => {
    t.smtp.failNext(1, 550);
    await sign(t.app, { email: 'Bounce.Me@Example.org' });
    await until('the refusal', async () => Boolean(await t.db('email_refusals').where({ kind: 'signature.confirmation' }).first()));
    const refusal = (await t.db('email_refusals').first()) as { smtp_code: number; email_hash: Buffer; message_id: string };
    assert.equal(refusal.smtp_code, 550);
    assert.deepEqual(refusal.email_hash, hashOf('bounce.me@example.org'));
    assert.match(refusal.message_id, /^<signature-\d+\.confirmation\./);
    const suppression = (await t.db('email_suppressions').where({ email_hash: hashOf('bounce.me@example.org') }).first()) as { smtp_code: number } | undefined;
    assert.equal(suppression?.smtp_code, 550);

    // The resend path: the same answer for the suppressed address and for a fresh one; no mail to the first.
    await sign(t.app, { email: 'fresh@example.org' });
    await t.smtp.waitForTo('fresh@example.org', 1);
    const { agent } = await openForm(t.app, '/en/petitions/zhanaozen-list/resend');
    const suppressed = await agent.post('/en/petitions/zhanaozen-list/resend').type('form').send({ email: 'bounce.me@example.org' });
    const fresh = await agent.post('/en/petitions/zhanaozen-list/resend').type('form').send({ email: 'fresh@example.org' });
    assert.equal(suppressed.status, fresh.status);
    assert.equal(suppressed.headers.location, fresh.headers.location);
    assert.equal(suppressed.text, fresh.text);
    await t.smtp.waitForTo('fresh@example.org', 2);
    await until('the resent job to settle', async () => ((await t.db.raw("select count(*)::int as n from pgboss.job where name = 'email-signature-confirmation' and state in ('created','retry','active')")) as { rows: { n: number }[] }).rows[0]!.n === 0);
    assert.equal(t.smtp.to('bounce.me@example.org').length, 0);
    assert.equal(((await t.db('email_refusals').count('* as n').first()) as { n: string }).n, '1', 'a skipped send is not a refusal');

    // A temporary failure suppresses nothing (the job retries and the mail arrives).
    t.smtp.failNext(1, 451);
    await sign(t.app, { email: 'slow@example.org' });
    await t.smtp.waitForTo('slow@example.org', 1, 20_000);
    assert.equal(await t.db('email_suppressions').where({ email_hash: hashOf('slow@example.org') }).first(), undefined);
  });

  it('organisers see the figures per day and the suppression (hash only), and lift it by typing the address', async () => {
    const page = await organiser.get('/admin/deliverability');
    assert.equal(page.status, 200);
    const today = new Date().toISOString().slice(0, 10);
    const cell = (name: string) => new RegExp(`data-day="${today}">.*?data-${name}>(\\d+)<`, 's').exec(page.text)?.[1];
    assert.equal(cell('created'), '3');
    assert.equal(cell('refused'), '1');
    assert.equal(cell('confirmed'), '0');
    assert.ok(Number(cell('sent')) >= 3, `sent: ${cell('sent')}`);
    const short = hashOf('bounce.me@example.org').toString('hex').slice(0, 16);
    assert.match(page.text, new RegExp(`<code>${short}</code>`));
    assert.doesNotMatch(page.text, /bounce\.me@example\.org/i);

    const bad = await organiser.post('/admin/deliverability/lift', { _csrf: csrfOf(page.text), email: 'not an address' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /value="not an address"/);
    const lifted = await organiser.post('/admin/deliverability/lift', { _csrf: csrfOf(page.text), email: 'BOUNCE.me@example.org' });
    assert.equal(lifted.status, 303);
    assert.equal(lifted.headers.location, '/admin/deliverability?done=lifted');
    assert.equal(await t.db('email_suppressions').where({ email_hash: hashOf('bounce.me@example.org') }).first(), undefined);
    const audit = (await t.db('audit_log').where({ action: 'suppression.lifted' }).first()) as { subject: string; details: unknown };
    assert.equal(audit.subject, `suppression:${short}`);
    const again = await organiser.post('/admin/deliverability/lift', { _csrf: csrfOf(page.text), email: 'bounce.me@example.org' });
    assert.equal(again.headers.location, '/admin/deliverability?done=not-suppressed');

    // Lifted: the resend now reaches the address.
    const { agent } = await openForm(t.app, '/en/petitions/zhanaozen-list/resend');
    await agent.post('/en/petitions/zhanaozen-list/resend').type('form').send({ email: 'bounce.me@example.org' }).expect(303);
    await t.smtp.waitForTo('bounce.me@example.org', 1);
  });

  it('erasure hooks describe and erase the suppression, the refusals\u2019 hash, unsubscribes and ledger rows', async () => {
    const hash = hashOf('erase.me@example.org');
    await t.db('email_suppressions').insert({ email_hash: hash, reason: 'smtp-permanent', smtp_code: 550 });
    await t.db('email_refusals').insert({ message_id: '<x@localhost>', kind: 'update', smtp_code: 550, email_hash: hash });
    await t.db('update_unsubscribes').insert({ email_hash: hash });
    const kinds = erasureHooks.list().map((h) => h.kind);
    for (const kind of ['suppressions', 'update-unsubscribes', 'update-recipients']) assert.ok(kinds.includes(kind), kind);
    const suppressions = erasureHooks.list().find((h) => h.kind === 'suppressions')!;
    assert.equal(await suppressions.count(t.db, hash), 2);
    const described = await suppressions.describe!(t.db, hash);
    assert.deepEqual(described.map((d) => d.kind), ['suppression', 'refusal']);
    await t.db.transaction(async (trx) => {
      for (const hook of erasureHooks.list()) await hook.erase(trx, hash, { now: new Date(), removeFromTotals: false });
    });
    for (const hook of erasureHooks.list()) assert.equal(await hook.count(t.db, hash), 0, hook.kind);
    assert.equal(((await t.db('email_refusals').where({ message_id: '<x@localhost>' }).count('* as n').first()) as { n: string }).n, '1', 'the refusal still counts');
  });
});
