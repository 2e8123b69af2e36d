// Every admin form needs this session's `_csrf` token AND passes the cross-origin check. The POST routes
// are read from the Express router, so a form another capability adds under /admin is covered at once.
// Refused: no token, a wrong one, another session's, and a right token sent cross-site. A refusal is 403
// in the admin's language and changes nothing; the same post with the right token is not refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { totpCode } from '../../../src/admin/totp.ts';
import { adminRoutes, Browser, csrfOf, fillPath, isCsrfRefusal, makeAccount, movableClock, type Account } from './support.ts';

describe('admin forms: session token and cross-origin check', () => {
  const clock = movableClock();
  let t: TestApp;
  let admin: Account;
  let victim: Account;
  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    admin = await makeAccount(t.deps, 'admin');
    victim = await makeAccount(t.deps, 'organiser');
  });
  after(() => t.close());

  /** A browser with a form token of its own: signed in as the admin (a fresh TOTP step each time), or not. */
  async function browserFor(path: string): Promise<{ browser: Browser; token: string }> {
    const browser = new Browser(t.app);
    browser.cookies.set('dauys.admin.lang', 'kk');
    const login = await browser.get('/admin/login');
    if (path === '/admin/login') return { browser, token: csrfOf(login.text) };
    clock.advance(30_000);
    const res = await browser.post('/admin/login', { email: admin.email, password: admin.password, code: totpCode(admin.secret!, clock.now()), _csrf: csrfOf(login.text) });
    assert.equal(res.status, 303);
    return { browser, token: csrfOf((await browser.get('/admin/account')).text) };
  }

  const fieldsFor = (path: string): Record<string, string> =>
    path === '/admin/login' ? { email: admin.email, password: admin.password } : { role: 'moderator', email: 'new.person@example.org', session: 'x' };

  async function state(): Promise<string> {
    const [audit, users, sessions] = await Promise.all([
      t.db('audit_log').count('* as n'),
      t.db('users').orderBy('id').select('id', 'role', 'disabled_at', 'password_hash', 'totp_secret', 'must_change_password'),
      t.db('admin_sessions').orderBy('sid').select('sid'),
    ]);
    return JSON.stringify({ audit, users, sessions });
  }

  it('the router has the admin forms this capability defines', () => {
    const posts = adminRoutes(t.app).filter((r) => r.method === 'post').map((r) => r.path);
    for (const path of ['/admin/login', '/admin/logout', '/admin/account/password', '/admin/account/totp', '/admin/users', '/admin/users/:id/role']) assert.ok(posts.includes(path), path);
  });

  const cases: { name: string; token: (own: string, other: string) => string | undefined; headers: Record<string, string>; csrf: boolean }[] = [
    { name: 'no token', token: () => undefined, headers: {}, csrf: true },
    { name: 'a wrong token', token: (own) => own.replace(/.$/, (c) => (c === '0' ? '1' : '0')), headers: {}, csrf: true },
    { name: "another session's token", token: (_own, other) => other, headers: {}, csrf: true },
    { name: 'the right token, Sec-Fetch-Site: cross-site', token: (own) => own, headers: { 'Sec-Fetch-Site': 'cross-site' }, csrf: false },
    { name: 'the right token, no Sec-Fetch-Site, a foreign Origin', token: (own) => own, headers: { 'Sec-Fetch-Site': '', Origin: 'https://evil.example' }, csrf: false },
  ];

  it('every admin POST refuses a missing, wrong or foreign token and a cross-site post, and accepts the right one', async () => {
    const posts = adminRoutes(t.app).filter((r) => r.method === 'post');
    const other = await browserFor('/admin/account'); // a second signed-in session, whose token must not work
    for (const route of posts) {
      const path = fillPath(route.path, { id: String(victim.id) });
      const { browser, token } = await browserFor(route.path);
      for (const c of cases) {
        const before = await state();
        const fields: Record<string, string> = { ...fieldsFor(route.path) };
        const sent = c.token(token, other.token);
        if (sent !== undefined) fields._csrf = sent;
        const res = await browser.post(path, fields, c.headers);
        assert.equal(res.status, 403, `${route.path}, ${c.name}: ${res.status}`);
        if (c.csrf) {
          assert.ok(isCsrfRefusal(res), `${route.path}, ${c.name}: the admin's form-token refusal`);
          assert.match(res.text, /<html lang="kk"/, `${route.path}: in the admin's language`);
        }
        assert.equal(await state(), before, `${route.path}, ${c.name}: nothing changed`);
      }
      const accepted = await browser.post(path, { ...fieldsFor(route.path), _csrf: token });
      assert.ok(!isCsrfRefusal(accepted) && accepted.status !== 403, `${route.path}: the right token from this site is accepted (${accepted.status})`);
    }
  });
});
