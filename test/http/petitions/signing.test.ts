import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { linkIn, toText } from '../../support/smtp.ts';
import { pressLinkButton, sign } from '../../support/forms.ts';

const api = async (t: TestApp) => (await request(t.app).get('/api/v1/petitions/zhanaozen-list').expect(200)).body as { signatureCount: number; byCountry: Record<string, number> };
/** Counts are cached for one second per instance; wait past that before reading them. */
const settle = () => new Promise((r) => setTimeout(r, 1100));

describe('petition signing, end to end', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp()));
  after(() => t.close());

  it('sign → email → GET confirm (no count) → POST confirm (+1) → again (no change) → withdraw (−1, data erased)', async () => {
    const before = await api(t);
    const signed = await sign(t.app, { name: 'Ärzhan Test', email: 'Flow.Person@Example.org', country: 'KZ' }, 'ru');
    assert.equal(signed.status, 303);
    assert.equal(signed.headers.location, '/ru/petitions/zhanaozen-list/check-email');

    const [mail] = await t.smtp.waitFor(1);
    assert.ok(mail);
    assert.equal(toText(mail).split('@')[0], 'Flow.Person', 'mail goes to the address as typed (nodemailer lower-cases only the domain)');
    assert.match(mail.subject ?? '', /\S/);
    assert.match(mail.html || '', /<html lang="ru"/);
    assert.match(mail.text ?? '', /Ärzhan Test/);
    const confirmLink = linkIn(mail, /\/ru\/confirm\//);
    const withdrawLink = linkIn(mail, /\/ru\/withdraw\//);

    const page = await request(t.app).get(new URL(confirmLink).pathname).expect(200);
    assert.match(page.text, /<form method="post"/);
    await settle();
    assert.equal((await api(t)).signatureCount, before.signatureCount, 'GET does not confirm');

    const confirmed = await pressLinkButton(t.app, confirmLink);
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.headers.location, '/ru/petitions/zhanaozen-list/thank-you');
    await settle();
    const afterConfirm = await api(t);
    assert.equal(afterConfirm.signatureCount, before.signatureCount + 1);
    assert.equal(afterConfirm.byCountry.KZ, (before.byCountry.KZ ?? 0) + 1);

    assert.equal((await pressLinkButton(t.app, confirmLink)).status, 303, 'confirming twice is fine');
    await settle();
    assert.equal((await api(t)).signatureCount, before.signatureCount + 1, 'and counts once');

    const withdrawn = await pressLinkButton(t.app, withdrawLink);
    assert.equal(withdrawn.status, 303);
    await settle();
    const afterWithdraw = await api(t);
    assert.equal(afterWithdraw.signatureCount, before.signatureCount);
    assert.equal(afterWithdraw.byCountry.KZ ?? 0, before.byCountry.KZ ?? 0);

    const row = await t.db('signatures').orderBy('id', 'desc').first();
    assert.equal(row.state, 'withdrawn');
    for (const column of ['email_hash', 'email_enc', 'name_enc', 'postcode_enc', 'ip_hash']) assert.equal(row[column], null, column);
    assert.equal(Number((await t.db('signature_tokens').where({ signature_id: row.id }).count('* as n'))[0]!.n), 0);
    assert.equal((await pressLinkButton(t.app, confirmLink)).status, 410, 'a withdrawn signature cannot be confirmed again');
  });

  it('stores consent, language and only encrypted personal data', async () => {
    await sign(t.app, { name: 'Consent Person', email: 'consent@example.org', country: 'PL', postcode: '00-001', updates: true }, 'pl');
    const row = await t.db('signatures').orderBy('id', 'desc').first();
    assert.equal(row.lang, 'pl');
    assert.match(row.consent_version, /^[0-9a-f]{64}$/);
    const text = await t.db('petition_translations').where({ lang: 'pl' }).first('consent_version');
    assert.equal(row.consent_version, text.consent_version);
    assert.ok(row.consented_at instanceof Date);
    assert.equal(row.public, false, 'show-my-name is off by default');
    assert.equal(row.updates, true);
    const raw = JSON.stringify(row);
    assert.equal(raw.includes('consent@example.org'), false);
    assert.equal(raw.includes('Consent Person'), false);
    assert.equal(Buffer.from(row.email_enc).toString('utf8').includes('consent'), false);
    assert.equal(row.ip_hash.length, 32, 'only a keyed hash of the IP');
  });

  it('a second signature from the same address (other case) gets the same answer and counts once', async () => {
    const first = await sign(t.app, { email: 'twice@example.org', country: 'DE' });
    const mailsBefore = t.smtp.messages.length;
    await t.smtp.waitFor(mailsBefore);
    const confirm = linkIn((await t.smtp.waitForTo('twice@example.org', 1))[0]!, /\/en\/confirm\//);
    await pressLinkButton(t.app, confirm);
    await settle();
    const countBefore = (await api(t)).signatureCount;

    const second = await sign(t.app, { email: 'TWICE@Example.ORG', country: 'FR', name: 'Someone Else' });
    assert.equal(second.status, first.status);
    assert.equal(second.headers.location, first.headers.location);
    const mails = (await t.smtp.waitForTo('TWICE@Example.ORG', 2)).slice(1);
    assert.equal(toText(mails[0]!), 'twice@example.org', 'the notice goes to the address that signed');
    assert.doesNotMatch(mails[0]!.text ?? '', /\/confirm\//, 'the owner is told they already signed, with no new confirm link');
    assert.match(mails[0]!.text ?? '', /\/withdraw\//);
    await settle();
    assert.equal((await api(t)).signatureCount, countBefore);
    assert.equal(Number((await t.db('signatures').where({ country: 'FR' }).count('* as n'))[0]!.n), 0);
  });

  it('a public name is shown escaped among recent signers', async () => {
    const name = '<script>alert(1)</script>';
    await sign(t.app, { name, email: 'xss@example.org', public: true, country: 'KZ' });
    const mail = (await t.smtp.waitForTo('xss@example.org', 1))[0]!;
    await pressLinkButton(t.app, linkIn(mail, /\/en\/confirm\//));
    await new Promise((r) => setTimeout(r, 3100)); // recent names are cached 2 s, the page 1 s
    const page = await request(t.app).get('/en/petitions/zhanaozen-list').expect(200);
    assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(page.text, /<script>alert/);
  });

  it('the resend path sends a new confirmation link to a pending signature only', async () => {
    await sign(t.app, { email: 'resend@example.org' });
    await t.smtp.waitForTo('resend@example.org', 1);
    const { agent } = await (await import('../../support/forms.ts')).openForm(t.app, '/en/petitions/zhanaozen-list/resend');
    const res = await agent.post('/en/petitions/zhanaozen-list/resend').type('form').send({ email: 'resend@example.org' }).expect(303);
    assert.equal(res.headers.location, '/en/petitions/zhanaozen-list/check-email');
    const mails = await t.smtp.waitForTo('resend@example.org', 2);
    assert.notEqual(linkIn(mails[0]!, /confirm/), linkIn(mails[1]!, /confirm/));
    await agent.post('/en/petitions/zhanaozen-list/resend').type('form').send({ email: 'never-signed@example.org' }).expect(303);
  });

  it('a filled honeypot looks like success and stores nothing', async () => {
    const res = await sign(t.app, { email: 'bot@example.org' }, 'en', { website: 'http://spam.example' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/en/petitions/zhanaozen-list/check-email');
    assert.equal(await t.db('signatures').where({ lang: 'en' }).whereRaw('flags @> ?', [['timing_unsigned']]).first(), undefined);
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(t.smtp.to('bot@example.org').length, 0);
  });

  it('an expired confirmation link is refused and points to the resend page', async () => {
    await sign(t.app, { email: 'late@example.org' });
    const link = linkIn((await t.smtp.waitForTo('late@example.org', 1))[0]!, /\/en\/confirm\//);
    await t.db('signature_tokens').update({ expires_at: new Date(Date.now() - 1000) }).where('purpose', 'confirm');
    const res = await pressLinkButton(t.app, link);
    assert.equal(res.status, 410);
    assert.match(res.text, /resend/);
  });
});
