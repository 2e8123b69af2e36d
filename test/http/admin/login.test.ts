// Logging in to /admin: wrong password and unknown account get the same answer (and take about as long),
// the lockout and its end (the clock moved), a new session id at login, logout deleting the server row,
// the idle and absolute timeouts, disabled accounts, `next` kept to local /admin paths, and the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { Browser, csrfOf, logIn, makeAccount, movableClock, signedIn, type Account } from './support.ts';
import type { SessionData } from 'express-session';
import { setDisabled } from '../../../src/admin/manage-user.ts';
import { AdminSessionStore } from '../../../src/admin/session-store.ts';

const COOKIE = 'dauys.admin';
const MIN = 60_000;

describe('admin login', () => {
  const clock = movableClock();
  let t: TestApp;
  let organiser: Account;
  before(async () => {
    t = await buildTestApp({ workers: false, clock, env: { TRUST_PROXY: 'loopback' } });
    organiser = await makeAccount(t.deps, 'organiser');
  });
  after(() => t.close());

  let ip = 0;
  /** Browsers behind one client IP (TRUST_PROXY=loopback: X-Forwarded-For is req.ip here). */
  const from = (address: string) => () => new Browser(t.app, { 'Sec-Fetch-Site': 'same-origin', 'X-Forwarded-For': address });
  /** A browser of its own IP, so the per-IP lock of one test does not reach the next. */
  const fresh = () => from(`198.51.100.${(ip += 1)}`)();
  const sidOf = (browser: Browser) => decodeURIComponent(browser.cookies.get(COOKIE) ?? '').replace(/^s:/, '').split('.')[0]!;
  /** The page without what differs per session or per request (the form token). */
  const withoutToken = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '');

  it('the right password signs in and goes to the page asked for', async () => {
    const browser = new Browser(t.app);
    const anonymous = await browser.get('/admin/account');
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.location, '/admin/login?next=%2Fadmin%2Faccount');
    const page = await browser.get(anonymous.headers.location!);
    assert.equal(page.status, 200);
    const res = await browser.post('/admin/login', { email: organiser.email.toUpperCase(), password: organiser.password, next: '/admin/account', _csrf: csrfOf(page.text) });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/admin/account');
    const account = await browser.get('/admin/account');
    assert.equal(account.status, 200);
    assert.match(account.text, new RegExp(organiser.email.replace(/[.+]/g, '\\$&')));
  });

  it('a wrong password and an unknown address get the same page, status and nearly the same time', async () => {
    const attempt = async (email: string) => {
      const browser = fresh();
      const started = process.hrtime.bigint();
      const res = await logIn(browser, { email, password: 'not the password at all' }, clock.now());
      return { res, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const known = await attempt(organiser.email);
    const unknown = await attempt('nobody.here@example.org');
    assert.equal(known.res.status, 422);
    assert.equal(unknown.res.status, 422);
    assert.equal(withoutToken(known.res.text).replace(organiser.email, 'X'), withoutToken(unknown.res.text).replace('nobody.here@example.org', 'X'));
    assert.match(known.res.text, /The email address, password or code is not right/);
    // Both run argon2 once (the unknown one against a dummy hash): compare the medians of a few tries.
    const median = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i += 1) times.push((await attempt(email)).ms);
      return times.sort((a, b) => a - b)[2]!;
    };
    const [knownMs, unknownMs] = [await median(organiser.email), await median('nobody.here@example.org')];
    assert.ok(unknownMs > knownMs * 0.5 && unknownMs < knownMs * 2, `known ${knownMs.toFixed(1)} ms, unknown ${unknownMs.toFixed(1)} ms`);
    await t.db('rate_limits').where('key', 'like', 'admin-login-account:%').delete(); // these failures are not the lockout test's
  });

  it('an empty form is 422 with both fields named', async () => {
    const res = await new Browser(t.app).submit('/admin/login', '/admin/login', { email: '', password: '' });
    assert.equal(res.status, 422);
    assert.match(res.text, /href="#email">Enter your email address/);
    assert.match(res.text, /href="#password">Enter your password/);
  });

  it('10 failures lock the address for 15 minutes, for the right password too, and the same for an unknown address', async () => {
    const account = await makeAccount(t.deps, 'moderator');
    for (const email of [account.email, 'unknown.locked@example.org']) {
      for (let i = 0; i < 10; i += 1) assert.equal((await logIn(fresh(), { email, password: `wrong ${i}` }, clock.now())).status, 422);
    }
    const locked = await logIn(fresh(), account, clock.now());
    assert.equal(locked.status, 429);
    assert.match(locked.text, /Too many failed attempts/);
    const lockedUnknown = await logIn(fresh(), { email: 'unknown.locked@example.org', password: 'whatever it is' }, clock.now());
    assert.equal(lockedUnknown.status, 429);
    assert.equal(withoutToken(locked.text).replace(account.email, 'X'), withoutToken(lockedUnknown.text).replace('unknown.locked@example.org', 'X'));
    clock.advance(14 * MIN);
    assert.equal((await logIn(fresh(), account, clock.now())).status, 429, 'still locked after 14 minutes');
    clock.advance(1 * MIN + 1000);
    assert.equal((await logIn(fresh(), account, clock.now())).status, 303, 'unlocked after 15 minutes');
  });

  it('20 failures from one IP lock that IP, whatever the address; other IPs are not locked', async () => {
    const account = await makeAccount(t.deps, 'organiser');
    const spray = from('192.0.2.20');
    for (let i = 0; i < 20; i += 1) assert.equal((await logIn(spray(), { email: `spray${i}@example.org`, password: 'Password123' }, clock.now())).status, 422);
    assert.equal((await logIn(spray(), account, clock.now())).status, 429, 'the IP is locked');
    assert.equal((await logIn(from('192.0.2.21')(), account, clock.now())).status, 303, 'another IP is not');
    clock.advance(15 * MIN + 1000);
    assert.equal((await logIn(spray(), account, clock.now())).status, 303, 'unlocked after 15 minutes');
  });

  it('a session id set before login is replaced at login, and the old one is deleted', async () => {
    const browser = new Browser(t.app);
    await browser.get('/admin/login');
    const before = sidOf(browser);
    assert.ok(before);
    assert.equal(Number((await t.db('admin_sessions').where({ sid: before }).count('* as n'))[0]!.n), 1);
    const res = await logIn(browser, organiser, clock.now());
    assert.equal(res.status, 303);
    const afterLogin = sidOf(browser);
    assert.ok(afterLogin && afterLogin !== before, 'a new session id');
    assert.equal(Number((await t.db('admin_sessions').where({ sid: before }).count('* as n'))[0]!.n), 0, 'the old row is gone');
    const row = await t.db('admin_sessions').where({ sid: afterLogin }).first<{ sess: { userId: number } }>('sess');
    assert.equal(row?.sess.userId, organiser.id);
  });

  it('logout deletes the session row: the old cookie is sent to the login page', async () => {
    const browser = await signedIn(t.app, organiser, clock.now());
    const cookie = browser.cookieHeader();
    const sid = sidOf(browser);
    const res = await browser.submit('/admin/account', '/admin/logout', {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/admin/login?ended=signed-out');
    assert.equal(Number((await t.db('admin_sessions').where({ sid }).count('* as n'))[0]!.n), 0);
    const replay = new Browser(t.app);
    const again = await replay.get('/admin/account', { Cookie: cookie });
    assert.equal(again.status, 303);
    assert.match(again.headers.location!, /^\/admin\/login\?next=/);
  });

  it('a session ended while one of its requests still runs stays ended (the store never re-creates a row)', async () => {
    const store = new AdminSessionStore(t.db, { ttlSeconds: 1800, logger: t.deps.logger });
    const call = (f: (cb: (err?: unknown) => void) => void) => new Promise<void>((resolve, reject) => f((err) => (err ? reject(err) : resolve())));
    const data = { cookie: { originalMaxAge: null }, userId: organiser.id, createdAt: 1 } as unknown as SessionData;
    const rows = async () => Number((await t.db('admin_sessions').where({ sid: 'in-flight' }).count('* as n'))[0]!.n);
    await call((cb) => store.set('in-flight', data, cb));
    assert.equal(await rows(), 1);
    await call((cb) => store.destroy('in-flight', cb)); // logout, a revocation, a password change
    await call((cb) => store.set('in-flight', data, cb)); // the running request saves at its end
    assert.equal(await rows(), 0);
  });

  it('30 minutes without a request end the session; activity keeps it alive', async () => {
    const browser = await signedIn(t.app, organiser, clock.now());
    clock.advance(29 * MIN);
    assert.equal((await browser.get('/admin/account')).status, 200);
    clock.advance(29 * MIN);
    assert.equal((await browser.get('/admin/account')).status, 200, 'the last request restarted the idle time');
    const sid = sidOf(browser);
    clock.advance(30 * MIN);
    const expired = await browser.get('/admin/account');
    assert.equal(expired.status, 303);
    assert.equal(expired.headers.location, '/admin/login?next=%2Fadmin%2Faccount&ended=idle');
    assert.equal(Number((await t.db('admin_sessions').where({ sid }).count('* as n'))[0]!.n), 0);
    const login = await browser.get(expired.headers.location!);
    assert.match(login.text, /signed out after 30 minutes without activity/);
  });

  it('12 hours after login the session ends, however active', async () => {
    const start = clock.now().getTime();
    const browser = await signedIn(t.app, organiser, clock.now());
    while (clock.now().getTime() + 29 * MIN < start + 12 * 60 * MIN) {
      clock.advance(29 * MIN);
      assert.equal((await browser.get('/admin')).status, 200, `after ${(clock.now().getTime() - start) / MIN} minutes`);
    }
    clock.set(start + 12 * 60 * MIN + 1000);
    const expired = await browser.get('/admin');
    assert.equal(expired.status, 303);
    assert.equal(expired.headers.location, '/admin/login?next=%2Fadmin&ended=absolute');
  });

  it('a disabled account cannot sign in, and disabling ends its sessions', async () => {
    const account = await makeAccount(t.deps, 'organiser');
    const browser = await signedIn(t.app, account, clock.now());
    assert.equal((await setDisabled(t.deps, { userId: account.id, actor: 'cli', disabled: true })).kind, 'ok');
    assert.equal((await browser.get('/admin')).status, 303);
    const res = await logIn(new Browser(t.app), account, clock.now());
    assert.equal(res.status, 422);
    assert.match(res.text, /The email address, password or code is not right/);
  });

  it('`next` leads only to a local /admin path', async () => {
    for (const next of ['https://evil.example/', '//evil.example/admin', '/admin/../en/', '/\\evil.example', '/administrator', 'javascript:alert(1)', '/admin/%0d%0aSet-Cookie:x']) {
      const res = await logIn(new Browser(t.app), organiser, clock.now(), { next });
      assert.equal(res.status, 303, next);
      assert.ok(['/admin', next].includes(res.headers.location!) && res.headers.location!.startsWith('/admin'), `${next} → ${res.headers.location}`);
      assert.doesNotMatch(res.headers.location!, /evil|\.\.|\r|\n/);
    }
    assert.equal((await logIn(new Browser(t.app), organiser, clock.now(), { next: '/admin/audit?action=user.created' })).headers.location, '/admin/audit?action=user.created');
  });

  it('logins and failures are in the audit log, without the password or the address', async () => {
    const rows = (await t.db('audit_log').whereIn('action', ['auth.login', 'auth.login-failed', 'auth.login-locked', 'auth.logout']).select('*')) as { action: string; actor: string; subject: string; details: Record<string, unknown> }[];
    const actions = new Set(rows.map((r) => r.action));
    for (const action of ['auth.login', 'auth.login-failed', 'auth.login-locked', 'auth.logout']) assert.ok(actions.has(action), action);
    assert.ok(rows.some((r) => r.action === 'auth.login' && r.subject === `user:${organiser.id}`));
    const text = JSON.stringify(rows);
    assert.doesNotMatch(text, /@example\.org/);
    assert.doesNotMatch(text, /not the password|wrong \d|correct horse/);
    assert.ok(rows.filter((r) => r.action === 'auth.login-failed').every((r) => typeof r.details.ipHash === 'string'), 'a hashed IP');
  });

  it('the login page sets the session cookie HttpOnly and SameSite=Lax, and public pages set none', async () => {
    const res = await new Browser(t.app).get('/admin/login');
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^dauys\.admin=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    const browser = await signedIn(t.app, organiser, clock.now());
    for (const path of ['/en/', '/kk/petitions/zhanaozen-list', '/api/v1/petitions/zhanaozen-list']) {
      const page = await browser.get(path);
      assert.equal(page.headers['set-cookie'], undefined, path);
    }
  });
});

describe('admin session cookie behind https', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false, env: { BASE_URL: 'https://localhost:3000', TRUST_PROXY: 'loopback' } })));
  after(() => t.close());

  it('is __Host-dauys.admin with Secure, Path=/ and no Domain; over plain http no cookie is set', async () => {
    const https = await new Browser(t.app, { 'Sec-Fetch-Site': 'same-origin', 'X-Forwarded-Proto': 'https' }).get('/admin/login');
    const cookie = String(https.headers['set-cookie']);
    assert.match(cookie, /^__Host-dauys\.admin=s%3A[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const http = await new Browser(t.app).get('/admin/login');
    assert.equal(http.headers['set-cookie'], undefined);
  });
});

