// The retention rules promised on the privacy page, with the clock moved forward.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyRetention } from '../../../src/petitions/apply-retention.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { linkIn } from '../../support/smtp.ts';
import { pressLinkButton, sign } from '../../support/forms.ts';

const DAY = 24 * 3600 * 1000;

describe('retention', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp()));
  after(() => t.close());

  it('deletes unconfirmed signatures and IP hashes after 30 days, keeps confirmed ones and the totals', async () => {
    await sign(t.app, { email: 'stays-pending@example.org' });
    await sign(t.app, { email: 'confirms@example.org' });
    const mails = await t.smtp.waitFor(2);
    const mail = mails.find((m) => (m.text ?? '').includes('confirm') && t.smtp.to('confirms@example.org').includes(m))!;
    await pressLinkButton(t.app, linkIn(mail, /\/en\/confirm\//));

    const early = await applyRetention({ db: t.db, clock: { now: () => new Date(Date.now() + 29 * DAY) } });
    assert.equal(early.unconfirmedDeleted, 0);
    const report = await applyRetention({ db: t.db, clock: { now: () => new Date(Date.now() + 31 * DAY) } });
    assert.equal(report.unconfirmedDeleted, 1);
    assert.equal(report.ipHashesCleared, 1);
    const rows = await t.db('signatures').select('state', 'ip_hash', 'email_enc');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].state, 'confirmed');
    assert.equal(rows[0].ip_hash, null);
    assert.notEqual(rows[0].email_enc, null);
    assert.equal(Number((await t.db('signature_tokens').where('purpose', 'confirm').count('* as n'))[0]!.n), 0, 'expired confirm links are gone');
  });

  it('erases personal data 24 months after the petition closed, keeping the count', async () => {
    const closedAt = new Date();
    await t.db('petitions').update({ status: 'closed', closed_at: closedAt });
    const before = await t.db('signature_counts').sum('n as n');
    const report = await applyRetention({ db: t.db, clock: { now: () => new Date(closedAt.getTime() + 740 * DAY) } });
    assert.equal(report.erasedAfterClose, 1);
    const row = await t.db('signatures').first('email_enc', 'name_enc', 'state');
    assert.equal(row.email_enc, null);
    assert.equal(row.name_enc, null);
    assert.equal(row.state, 'confirmed');
    assert.deepEqual(await t.db('signature_counts').sum('n as n'), before);
    await t.db('petitions').update({ status: 'open', closed_at: null });
  });
});
