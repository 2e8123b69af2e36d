// Updates to signers who opted in: an update reaches exactly the opted-in, confirmed, valid, not
// withdrawn, not suppressed, not unsubscribed signers, one message per address, each in its language (or
// English, or nothing, as the organiser chose), with RFC 8058 one-click unsubscribe headers and link; the
// organisers' pages (compose 422, counts, preview, test, send, progress) are audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { buildTestApp, BASE_URL, type TestApp } from '../../support/app.ts';
import { buildConfirmedSignatures, buildPendingSignatures, invalidateAsModeration, petitionId } from '../../support/signatures.ts';
import { makeAccount, signedIn, csrfOf, type Browser, type Account } from '../admin/support.ts';

const header = (mail: ParsedMail, name: string): string => {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase());
  return line ? line.line.slice(line.line.indexOf(':') + 1).trim() : '';
};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function composeAndSend(browser: Browser, t: TestApp, fields: Record<string, string>): Promise<number> {
  const page = await browser.get('/admin/updates/new');
  const created = await browser.post('/admin/updates', { _csrf: csrfOf(page.text), ...fields });
  assert.equal(created.status, 303, created.text);
  const id = Number(/\/admin\/updates\/(\d+)/.exec(created.headers.location!)![1]);
  const shown = await browser.get(`/admin/updates/${id}`);
  const sent = await browser.post(`/admin/updates/${id}/send`, { _csrf: csrfOf(shown.text) });
  assert.equal(sent.status, 303);
  await waitFor('the update to be sent', async () => ((await t.db('supporter_updates').where({ id }).first('status')) as { status: string }).status === 'sent' || undefined);
  return id;
}

describe('supporters: updates to signers who opted in', () => {
  let t: TestApp;
  let organiser: Browser;
  let account: Account;
  const tag = `u${process.pid}`;
  const addr = (name: string) => `${name}.${tag}@example.net`;

  before(async () => {
    t = await buildTestApp();
    account = await makeAccount(t.deps, 'organiser');
    organiser = await signedIn(t.app, account, new Date());
  });
  after(() => t.close());

  it('compose, counts, preview, test, send: exactly the eligible addresses, once each, in their language, with one-click unsubscribe', async () => {
    const petition = await petitionId(t.deps);
    const [other] = (await t.db('petitions').insert({ slug: `second-${tag}`, goal: 10 }).returning('id')) as { id: number }[];
    await buildConfirmedSignatures(t.deps, petition, [
      { email: addr('en'), updates: true, lang: 'en' },
      { email: addr('ru'), updates: true, lang: 'ru' },
      { email: addr('kk'), updates: true, lang: 'kk' },
      { email: addr('twice'), updates: true, lang: 'pl' },
      { email: addr('no-updates'), updates: false, lang: 'en' },
    ]);
    await buildConfirmedSignatures(t.deps, other!.id, [{ email: addr('twice'), updates: true, lang: 'ru' }]);
    await buildPendingSignatures(t.deps, petition, [{ email: addr('pending'), updates: true }]);
    const [invalid] = await buildConfirmedSignatures(t.deps, petition, [{ email: addr('invalid'), updates: true }]);
    await invalidateAsModeration(t.deps, invalid!, 'test');
    const [withdrawn] = await buildConfirmedSignatures(t.deps, petition, [{ email: addr('withdrawn'), updates: true }]);
    await t.db('signatures').where({ id: withdrawn }).update({ state: 'withdrawn', withdrawn_at: new Date(), confirmed_at: null, email_hash: null, email_enc: null, name_enc: null });
    const [suppressed] = await buildConfirmedSignatures(t.deps, petition, [{ email: addr('suppressed'), updates: true }]);
    const suppressedHash = ((await t.db('signatures').where({ id: suppressed }).first('email_hash')) as { email_hash: Buffer }).email_hash;
    await t.db('email_suppressions').insert({ email_hash: suppressedHash, reason: 'smtp-permanent', smtp_code: 550 });

    // 422 with the values kept: a subject without a text.
    const form = await organiser.get('/admin/updates/new');
    assert.equal(form.status, 200);
    const bad = await organiser.post('/admin/updates', { _csrf: csrfOf(form.text), fallback: 'english', subject_en: 'Only a subject <b>', body_en: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /error-summary/);
    assert.match(bad.text, /value="Only a subject &lt;b&gt;"/);

    const created = await organiser.post('/admin/updates', {
      _csrf: csrfOf(form.text), fallback: 'english',
      subject_en: 'News in English', body_en: 'Hello **all**.\n\n<script>alert(1)</script> [site](https://example.org) [bad](javascript:alert(1))',
      subject_ru: 'Новости', body_ru: 'Привет, **все**.',
    });
    assert.equal(created.status, 303);
    const id = Number(/\/admin\/updates\/(\d+)/.exec(created.headers.location!)![1]);
    const page = await organiser.get(`/admin/updates/${id}`);
    assert.equal(page.status, 200);
    // Counts: en 1, ru 2 (the "twice" address signed last in Russian), kk 1 gets English, pl 0.
    const countOf = (lang: string) => new RegExp(`data-lang="${lang}"><th scope="row">[^<]+</th><td class="number" data-count>(\\d+)<`).exec(page.text)?.[1];
    assert.equal(countOf('en'), '1');
    assert.equal(countOf('ru'), '2');
    assert.equal(countOf('kk'), '1');
    assert.equal(countOf('pl'), '0');
    assert.match(page.text, /data-lacking>[^<]*1</);
    // Preview: sanitised Markdown.
    assert.match(page.text, /Hello <strong>all<\/strong>/);
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.doesNotMatch(page.text, /href="javascript:/);
    assert.match(page.text, /<a href="https:\/\/example.org">site<\/a>/);

    // A test to the organiser's own address.
    const tested = await organiser.post(`/admin/updates/${id}/test`, { _csrf: csrfOf(page.text), lang: 'ru' });
    assert.equal(tested.status, 303);
    const [test] = await t.smtp.waitForTo(account.email, 1);
    assert.match(test!.subject ?? '', /^\[Тест\] Новости$/);
    assert.equal(t.smtp.messages.filter((m) => /News in English|Новости/.test(m.subject ?? '')).length, 1);

    const sent = await organiser.post(`/admin/updates/${id}/send`, { _csrf: csrfOf(page.text) });
    assert.equal(sent.status, 303);
    await waitFor('the update to be sent', async () => ((await t.db('supporter_updates').where({ id }).first('status')) as { status: string }).status === 'sent' || undefined);

    const updates = t.smtp.messages.filter((m) => /^(News in English|Новости)$/.test(m.subject ?? ''));
    const to = updates.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address!).sort();
    assert.deepEqual(to, [addr('en'), addr('kk'), addr('ru'), addr('twice')].sort());
    const byAddress = new Map(updates.map((m) => [(Array.isArray(m.to) ? m.to[0] : m.to)!.value[0]!.address!, m]));
    assert.equal(byAddress.get(addr('en'))!.subject, 'News in English');
    assert.equal(byAddress.get(addr('kk'))!.subject, 'News in English');
    assert.equal(header(byAddress.get(addr('kk'))!, 'Content-Language'), 'en');
    assert.equal(byAddress.get(addr('ru'))!.subject, 'Новости');
    assert.equal(byAddress.get(addr('twice'))!.subject, 'Новости');
    for (const mail of updates) {
      const list = header(mail, 'List-Unsubscribe');
      assert.match(list, new RegExp(`^<${BASE_URL}/(en|ru)/unsubscribe/[A-Za-z0-9_-]{43}>$`));
      assert.equal(header(mail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      assert.ok((mail.text ?? '').includes(list.slice(1, -1)), 'the visible link is the same URL');
      assert.ok(String(mail.html).includes(list.slice(1, -1)));
      assert.doesNotMatch(String(mail.html), /<script|href="javascript:/);
      assert.match(String(mail.messageId), new RegExp(`^<update-${id}\\.\\d+@localhost>$`));
    }
    const ledger = (await t.db('supporter_update_recipients').where({ update_id: id }).select('status')) as { status: string }[];
    assert.deepEqual(ledger.map((r) => r.status), ['sent', 'sent', 'sent', 'sent']);
    const done = await organiser.get(`/admin/updates/${id}`);
    assert.match(done.text, /data-progress>4 of 4 \(100%\)/);
    const audits = (await t.db('audit_log').where({ subject: `update:${id}` }).orderBy('id').select('action')) as { action: string }[];
    assert.deepEqual(audits.map((a) => a.action), ['update.created', 'update.tested', 'update.sent']);
    // Sending again is refused (no longer a draft).
    const again = await organiser.post(`/admin/updates/${id}/send`, { _csrf: csrfOf(done.text) });
    assert.equal(again.status, 409);
  });

  it('the one-click POST unsubscribes (multipart or urlencoded, no Origin), idempotently; the GET shows a button and changes nothing', async () => {
    const petition = await petitionId(t.deps);
    await buildConfirmedSignatures(t.deps, petition, [{ email: addr('leaver'), updates: true, lang: 'pl' }, { email: addr('stayer'), updates: true, lang: 'pl' }]);
    const id = await composeAndSend(organiser, t, { fallback: 'none', subject_pl: 'Aktualność 1', body_pl: 'Tekst.' });
    const mail = t.smtp.to(addr('leaver')).find((m) => m.subject === 'Aktualność 1')!;
    const url = header(mail, 'List-Unsubscribe').slice(1, -1);
    const path = new URL(url).pathname;
    assert.match(path, /^\/pl\/unsubscribe\//);
    const request = (await import('supertest')).default;

    const shown = await request(t.app).get(path);
    assert.equal(shown.status, 200);
    assert.match(shown.text, /<form method="post" action="\/pl\/unsubscribe\/[A-Za-z0-9_-]{43}">/);
    assert.equal(shown.headers['cache-control'], 'private, no-store');
    assert.equal(shown.headers['set-cookie'], undefined);
    assert.equal(await t.db('update_unsubscribes').count('* as n').first().then((r) => Number((r as { n: string }).n)), 0);

    const multipart = await request(t.app).post(path).field('List-Unsubscribe', 'One-Click');
    assert.equal(multipart.status, 200);
    assert.match(String(multipart.headers['content-type']), /text\/html/);
    const urlencoded = await request(t.app).post(path).type('form').send('List-Unsubscribe=One-Click');
    assert.equal(urlencoded.status, 200);
    const empty = await request(t.app).post(path);
    assert.equal(empty.status, 200);
    assert.equal(((await t.db('update_unsubscribes').count('* as n').first()) as { n: string }).n, '1');
    const crossSite = await request(t.app).post(path).set('Sec-Fetch-Site', 'cross-site').type('form').send('List-Unsubscribe=One-Click');
    assert.equal(crossSite.status, 403);
    const unknown = await request(t.app).post('/pl/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').field('List-Unsubscribe', 'One-Click');
    assert.equal(unknown.status, 410);

    // The next update goes to the one who stayed only.
    await composeAndSend(organiser, t, { fallback: 'none', subject_pl: 'Aktualność 2', body_pl: 'Tekst.' });
    assert.equal(t.smtp.to(addr('leaver')).filter((m) => m.subject === 'Aktualność 2').length, 0);
    assert.equal(t.smtp.to(addr('stayer')).filter((m) => m.subject === 'Aktualność 2').length, 1);
    assert.ok(id > 0);
  });

  it('a part of the ledger sends only what is still pending and eligible: sent rows are not sent again, a signer who withdrew since gets nothing', async () => {
    await t.db('signatures').update({ updates: false }); // the earlier tests' signers are out of this one
    const petition = await petitionId(t.deps);
    const [late] = await buildConfirmedSignatures(t.deps, petition, [{ email: addr('late'), updates: true, lang: 'en' }, { email: addr('done-before'), updates: true, lang: 'en' }, { email: addr('due'), updates: true, lang: 'en' }]);
    const page = await organiser.get('/admin/updates/new');
    const created = await organiser.post('/admin/updates', { _csrf: csrfOf(page.text), fallback: 'none', subject_en: 'Ledger news', body_en: 'Text.' });
    const id = Number(/\/admin\/updates\/(\d+)/.exec(created.headers.location!)![1]);
    // The ledger as the start job writes it (the queued send jobs are left out: the part is run by hand).
    const { writeLedger } = await import('../../../src/supporters/recipients.repo.ts');
    await writeLedger(t.db, id, ['en'], false);
    await t.db('supporter_updates').where({ id }).update({ status: 'sending', total: 3 });
    // In signature order (the ledger is written in that order): late, done-before, due.
    const rows = (await t.db('supporter_update_recipients').where({ update_id: id }).orderBy('id').select('id', 'signature_id')) as { id: string; signature_id: string }[];
    assert.equal(rows.length, 3);
    assert.equal(String(rows[0]!.signature_id), String(late));
    // One row went out before a crash (marked sent); the 'late' signer then withdrew consent to updates.
    await t.db('supporter_update_recipients').where({ id: rows[1]!.id }).update({ status: 'sent', sent_at: new Date() });
    await t.db('signatures').where({ id: late }).update({ updates: false });
    const { createUpdateSender } = await import('../../../src/supporters/send-update.ts');
    const sender = createUpdateSender(t.deps);
    const lease = { signal: new AbortController().signal, assertHeld: () => undefined };
    const error = await sender.sendJob({ id: 'by-hand', retryCount: 0, data: { updateId: id, from: rows[0]!.id, to: rows[2]!.id } }, lease);
    assert.equal(error, undefined);
    await t.smtp.waitForTo(addr('due'), 1);
    assert.equal(t.smtp.to(addr('late')).length, 0);
    assert.equal(t.smtp.to(addr('done-before')).length, 0);
    const statuses = (await t.db('supporter_update_recipients').where({ update_id: id }).orderBy('id').pluck('status')) as string[];
    assert.deepEqual(statuses, ['skipped', 'sent', 'sent']);
    assert.equal(((await t.db('supporter_updates').where({ id }).first('status')) as { status: string }).status, 'sent');
    // Run again (a retried job): nothing more goes out.
    await sender.sendJob({ id: 'by-hand', retryCount: 1, data: { updateId: id, from: rows[0]!.id, to: rows[2]!.id } }, lease);
    assert.equal(t.smtp.to(addr('due')).length, 1);
  });

  it('a permanent refusal of an update marks its row refused and suppresses the address: the next update leaves it out', async () => {
    await t.db('signatures').update({ updates: false });
    const petition = await petitionId(t.deps);
    await buildConfirmedSignatures(t.deps, petition, [{ email: addr('bouncing'), updates: true, lang: 'en' }]);
    t.smtp.failNext(1, 550);
    const id = await composeAndSend(organiser, t, { fallback: 'none', subject_en: 'Bounce news', body_en: 'Text.' });
    const row = (await t.db('supporter_update_recipients').where({ update_id: id }).first('status', 'email_hash')) as { status: string; email_hash: Buffer };
    assert.equal(row.status, 'refused');
    const refusal = (await t.db('email_refusals').where({ kind: 'update' }).first()) as { smtp_code: number; email_hash: Buffer; message_id: string };
    assert.equal(refusal.smtp_code, 550);
    assert.deepEqual(refusal.email_hash, row.email_hash);
    assert.match(refusal.message_id, new RegExp(`^<update-${id}\\.`));
    assert.ok(await t.db('email_suppressions').where({ email_hash: row.email_hash }).first());
    const page = await organiser.get('/admin/updates/new');
    const next = await organiser.post('/admin/updates', { _csrf: csrfOf(page.text), fallback: 'none', subject_en: 'After the bounce', body_en: 'Text.' });
    const shown = await organiser.get(next.headers.location!);
    assert.match(shown.text, /data-lang="en"><th scope="row">[^<]+<\/th><td class="number" data-count>0</);
    assert.equal(t.smtp.to(addr('bouncing')).length, 0);
  });
});
