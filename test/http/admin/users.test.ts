// The users pages (admins): create an account (its one-time password shown once and never stored in
// clear), change a role, disable and enable, a new one-time password, TOTP removed, sessions listed and
// ended; the last admin cannot be demoted or disabled. Every change is in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { changeRole, setDisabled } from '../../../src/admin/manage-user.ts';
import { Browser, csrfOf, logIn, makeAccount, movableClock, signedIn, type Account } from './support.ts';

describe('admin users pages', () => {
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

  const post = async (path: string, fields: Record<string, string> = {}) => browser.post(path, { ...fields, _csrf: csrfOf((await browser.get('/admin/users')).text) });
  const oneTimePassword = (html: string) => html.match(/<code class="admin-secret">([a-z2-9-]+)<\/code>/)?.[1] ?? '';
  const auditOf = async (action: string, subject: string) => t.db('audit_log').where({ action, subject }).select('actor', 'details');

  it('creates an account and shows its one-time password once; the new user must change it', async () => {
    const res = await post('/admin/users', { email: '  New.Organiser@Example.ORG ', role: 'organiser' });
    assert.equal(res.status, 201);
    const password = oneTimePassword(res.text);
    assert.match(password, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const row = await t.db('users').orderBy('id', 'desc').first<{ id: number; email: Buffer; password_hash: string; must_change_password: boolean; role: string }>();
    assert.equal(row?.role, 'organiser');
    assert.equal(row?.must_change_password, true);
    const params = row!.password_hash.match(/^\$argon2id\$v=19\$([^$]+)\$/)?.[1]?.split(',').sort();
    assert.deepEqual(params, ['m=19456', 'p=1', 't=2'], 'argon2id with OWASP parameters');
    assert.ok(!row!.email.toString('latin1').includes('example'), 'the address is encrypted');
    assert.ok(!JSON.stringify(await t.db('users').select('*')).includes(password), 'no password in clear');
    const list = await browser.get('/admin/users');
    assert.match(list.text, /new\.organiser@example\.org/);
    assert.doesNotMatch(list.text, new RegExp(password), 'shown once only');
    const newcomer = new Browser(t.app);
    assert.equal((await logIn(newcomer, { email: 'new.organiser@example.org', password }, clock.now())).status, 303);
    assert.equal((await newcomer.get('/admin')).headers.location, '/admin/account/password');
    assert.deepEqual((await auditOf('user.created', `user:${row!.id}`)).map((a) => a.actor), [`user:${admin.id}`]);
  });

  it('refuses a bad address, a taken one (any case) and an unknown role, with the values kept', async () => {
    const bad = await post('/admin/users', { email: 'not an address', role: 'organiser' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#email">Enter an email address/);
    assert.match(bad.text, /value="not an address"/);
    const taken = await post('/admin/users', { email: admin.email.toUpperCase(), role: 'moderator' });
    assert.equal(taken.status, 422);
    assert.match(taken.text, /already an account with this email address/);
    assert.match(taken.text, /<option value="moderator" selected>/);
    const role = await post('/admin/users', { email: 'someone@example.org', role: 'root' });
    assert.equal(role.status, 422);
    assert.match(role.text, /href="#role">Choose a role/);
  });

  it('changes a role (ending their sessions), disables and enables, with the audit log', async () => {
    const user = await makeAccount(t.deps, 'moderator');
    const theirs = await signedIn(t.app, user, clock.now());
    let res = await post(`/admin/users/${user.id}/role`, { role: 'organiser' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/admin/users/${user.id}?done=role`);
    assert.equal((await t.db('users').where({ id: user.id }).first<{ role: string }>('role'))?.role, 'organiser');
    assert.equal((await theirs.get('/admin')).status, 303, 'signed out by the role change');
    assert.deepEqual((await auditOf('user.role-changed', `user:${user.id}`))[0]?.details, { from: 'moderator', to: 'organiser' });
    res = await post(`/admin/users/${user.id}/role`, { role: 'boss' });
    assert.equal(res.status, 422);
    res = await post(`/admin/users/${user.id}/disable`);
    assert.equal(res.status, 303);
    assert.equal((await logIn(new Browser(t.app), user, clock.now())).status, 422);
    res = await post(`/admin/users/${user.id}/enable`);
    assert.equal(res.status, 303);
    assert.equal((await logIn(new Browser(t.app), user, clock.now())).status, 303);
    assert.equal((await auditOf('user.disabled', `user:${user.id}`)).length, 1);
    assert.equal((await auditOf('user.enabled', `user:${user.id}`)).length, 1);
  });

  it('gives a new one-time password and removes TOTP', async () => {
    const user = await makeAccount(t.deps, 'organiser', { totp: true });
    const page = await browser.get(`/admin/users/${user.id}`);
    assert.match(page.text, /Remove two-step verification/);
    const res = await post(`/admin/users/${user.id}/password`);
    assert.equal(res.status, 200);
    const password = oneTimePassword(res.text);
    assert.ok(password);
    assert.equal((await logIn(new Browser(t.app), user, clock.now())).status, 422, 'the old password no longer works');
    assert.equal((await post(`/admin/users/${user.id}/totp/remove`)).status, 303);
    assert.equal((await logIn(new Browser(t.app), { email: user.email, password }, clock.now())).status, 303, 'the new one, without a code');
  });

  it('lists a user\'s sessions and ends one or all', async () => {
    const user = await makeAccount(t.deps, 'moderator');
    const first = await signedIn(t.app, user, clock.now());
    const second = await signedIn(t.app, user, clock.now());
    const page = await browser.get(`/admin/users/${user.id}`);
    const handles = [...page.text.matchAll(/name="session" value="([0-9a-f]{24})"/g)].map((m) => m[1]!);
    assert.equal(handles.length, 2);
    assert.equal((await post(`/admin/users/${user.id}/sessions/end`, { session: handles[0]! })).status, 303);
    const alive = [(await first.get('/admin')).status, (await second.get('/admin')).status].sort();
    assert.deepEqual(alive, [200, 303], 'exactly one session ended');
    assert.equal((await post(`/admin/users/${user.id}/sessions/end`, { session: 'f'.repeat(24) })).status, 404);
    assert.equal((await post(`/admin/users/${user.id}/sessions/end`)).status, 303);
    assert.deepEqual([(await first.get('/admin')).status, (await second.get('/admin')).status], [303, 303]);
  });

  it('the last admin can be neither demoted nor disabled, and nobody changes their own role here', async () => {
    const self = await post(`/admin/users/${admin.id}/role`, { role: 'moderator' });
    assert.equal(self.status, 422);
    assert.match(self.text, /cannot change your own role/);
    assert.equal((await post(`/admin/users/${admin.id}/disable`)).status, 422);
    const others = (await t.db('users').where({ role: 'admin' }).whereNot({ id: admin.id }).whereNull('disabled_at').pluck('id')) as number[];
    await t.db('users').whereIn('id', others).update({ disabled_at: clock.now() });
    try {
      assert.equal((await changeRole(t.deps, { userId: admin.id, actor: 'cli', role: 'organiser' })).kind, 'last-admin');
      assert.equal((await setDisabled(t.deps, { userId: admin.id, actor: 'cli', disabled: true })).kind, 'last-admin');
      const second = await makeAccount(t.deps, 'admin');
      assert.equal((await setDisabled(t.deps, { userId: admin.id, actor: 'cli', disabled: true })).kind, 'ok', 'with a second admin it may');
      assert.equal((await setDisabled(t.deps, { userId: second.id, actor: 'cli', disabled: true })).kind, 'last-admin');
    } finally {
      await t.db('users').whereIn('id', [...others, admin.id]).update({ disabled_at: null });
    }
    clock.advance(30_000);
    browser = await signedIn(t.app, admin, clock.now()); // disabling ended the session
  });

  it('an unknown user is a 404 page of the admin area', async () => {
    const res = await browser.get('/admin/users/999999');
    assert.equal(res.status, 404);
    assert.match(res.text, /data-message="admin.errors.notFound"/);
    assert.equal((await browser.get('/admin/users/abc')).status, 404);
  });
});
