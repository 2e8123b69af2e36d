// The audit log: audit() writes in the caller's transaction (a rolled-back change leaves no entry),
// refuses personal data in its details and redacts it from reasons; admins read it at /admin/audit,
// newest first, 50 a page, filtered by action and by actor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { audit, actorOf, type AuditValue } from '../../../src/admin/index.ts';
import { Browser, makeAccount, movableClock, signedIn, type Account } from './support.ts';

describe('audit log', () => {
  const clock = movableClock();
  let t: TestApp;
  let admin: Account;
  let browser: Browser;
  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    admin = await makeAccount(t.deps, 'admin');
    browser = await signedIn(t.app, admin, clock.now());
  });
  after(() => t.close());

  const count = async (action: string) => Number((await t.db('audit_log').where({ action }).count('* as n'))[0]!.n);

  it('an entry commits with its transaction, or not at all', async () => {
    await t.db.transaction(async (trx) => audit(trx, { actor: 'system', action: 'test.committed', subject: 'petition:1', details: { n: 1 } }));
    await assert.rejects(t.db.transaction(async (trx) => {
      await audit(trx, { actor: 'system', action: 'test.rolled-back', subject: 'petition:1' });
      throw new Error('the change failed');
    }));
    assert.equal(await count('test.committed'), 1);
    assert.equal(await count('test.rolled-back'), 0);
  });

  it('refuses an email or IP address in details, and bad names; redacts them from the reason', async () => {
    const base = { actor: actorOf(admin), action: 'test.refused', subject: 'signature:7' };
    const personal: Record<string, AuditValue>[] = [{ email: 'someone@example.org' }, { ip: '203.0.113.9' }, { nested: { list: ['2001:db8::1'] } }];
    for (const details of personal) {
      await assert.rejects(audit(t.db, { ...base, details }), /looks like an email or IP address/, JSON.stringify(details));
    }
    await assert.rejects(audit(t.db, { ...base, subject: 'email:someone@example.org' }), /bad subject/);
    await assert.rejects(audit(t.db, { ...base, action: 'Refused' }), /bad action/);
    await assert.rejects(audit(t.db, { ...base, actor: 'someone@example.org' }), /bad actor/);
    assert.equal(await count('test.refused'), 0);
    await audit(t.db, { ...base, action: 'test.reason', details: { domainHash: 'ab12cd34', at: '12:30:45', count: 3 }, reason: 'Spam wave from bot@spam.example via 198.51.100.7 and 2001:db8::2, see ticket 12.' });
    const row = await t.db('audit_log').where({ action: 'test.reason' }).first<{ reason: string; details: object }>('reason', 'details');
    assert.equal(row?.reason, 'Spam wave from [email] via [ip] and [ip], see ticket 12.');
    assert.deepEqual(row?.details, { domainHash: 'ab12cd34', at: '12:30:45', count: 3 });
  });

  it('admins read it newest first, 50 a page, filtered by action and by actor', async () => {
    for (let i = 0; i < 120; i += 1) await audit(t.db, { actor: i % 2 ? actorOf(admin) : 'system', action: 'test.paged', subject: `petition:${i}`, at: new Date(clock.now().getTime() + i) });
    const first = await browser.get('/admin/audit?action=test.paged');
    assert.equal(first.status, 200);
    const subjects = (html: string) => [...html.matchAll(/<td>petition:(\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(subjects(first.text), Array.from({ length: 50 }, (_, i) => 119 - i));
    const older = first.text.match(/href="(\/admin\/audit\?action=test\.paged&amp;before=\d+)"/)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(older, 'a link to older entries');
    const second = await browser.get(older);
    assert.deepEqual(subjects(second.text), Array.from({ length: 50 }, (_, i) => 69 - i));
    const third = await browser.get(second.text.match(/href="(\/admin\/audit\?[^"]*before=\d+)"/)![1]!.replace(/&amp;/g, '&'));
    assert.deepEqual(subjects(third.text), Array.from({ length: 20 }, (_, i) => 19 - i));
    assert.doesNotMatch(third.text, /Older entries/);
    assert.match(third.text, /Newest entries/);

    const mine = await browser.get(`/admin/audit?action=test.paged&actor=${encodeURIComponent(actorOf(admin))}`);
    assert.ok(subjects(mine.text).every((n) => n % 2 === 1));
    assert.match(mine.text, new RegExp(`<option value="user:${admin.id}" selected>`));
    const names = await browser.get('/admin/audit?actor=system&action=test.paged');
    assert.match(names.text, /<td>The system<\/td>/);
  });

  it('bad filters are ignored, not errors (malformed queries are refused before: web/url-hygiene.ts)', async () => {
    assert.equal((await browser.get('/admin/audit?action[]=a')).status, 400);
    for (const query of ['?action=%3Cscript%3E', '?actor=x%40y', '?before=-1', '?before=abc', '?actor=' + 'a'.repeat(500)]) {
      const res = await browser.get(`/admin/audit${query}`);
      assert.equal(res.status, 200, query);
      assert.doesNotMatch(res.text, /<script>/);
    }
  });

  it('logins and user changes made in the area show up', async () => {
    assert.match((await browser.get('/admin/audit?action=auth.login')).text, new RegExp(`<code>auth\\.login</code></td>\\s*<td>user:${admin.id}`));
    assert.match((await browser.get('/admin/audit?action=user.totp-enabled')).text, /<code>user\.totp-enabled<\/code>/);
  });
});
