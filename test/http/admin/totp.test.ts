// Two-step verification and the forced set-up steps: a one-time password must be changed first; an admin
// without TOTP is sent to enrolment; a wrong code is refused at enrolment and login; a code works once;
// turning TOTP on, or changing the password, ends the user's other sessions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { totpCode } from '../../../src/admin/totp.ts';
import { Browser, csrfOf, logIn, makeAccount, movableClock, signedIn } from './support.ts';

const STEP = 30_000;

describe('admin TOTP and forced steps', () => {
  const clock = movableClock(Math.floor(Date.now() / STEP) * STEP + 5_000); // 5 s into a time-step
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false, clock })));
  after(() => t.close());

  const secretOn = (html: string) => html.match(/<code class="admin-secret">([A-Z2-7 ]+)<\/code>/)?.[1]?.replace(/ /g, '') ?? '';

  it('a one-time password must be changed before anything else; then an admin must set up TOTP', async () => {
    const account = await makeAccount(t.deps, 'admin', { totp: false, mustChangePassword: true, password: 'one time only 123' });
    const browser = await signedIn(t.app, account, clock.now());
    for (const path of ['/admin', '/admin/users', '/admin/account/totp', '/admin/audit']) {
      const res = await browser.get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.location, '/admin/account/password', path);
    }
    const page = await browser.get('/admin/account/password');
    assert.equal(page.status, 200);
    assert.match(page.text, /You signed in with a one-time password/);

    const weak = await browser.post('/admin/account/password', { current: 'one time only 123', password: 'password1', confirm: 'password1', _csrf: csrfOf(page.text) });
    assert.equal(weak.status, 422);
    assert.match(weak.text, /one of the most common ones/);
    const short = await browser.post('/admin/account/password', { current: 'one time only 123', password: 'Ab1!', confirm: 'Ab1!', _csrf: csrfOf(page.text) });
    assert.match(short.text, /Use at least 8 characters/);
    const wrongCurrent = await browser.post('/admin/account/password', { current: 'nope nope nope', password: 'a long new passphrase', confirm: 'a long new passphrase', _csrf: csrfOf(page.text) });
    assert.match(wrongCurrent.text, /The current password is not right/);
    const mismatch = await browser.post('/admin/account/password', { current: 'one time only 123', password: 'a long new passphrase', confirm: 'a long new passphrasE', _csrf: csrfOf(page.text) });
    assert.match(mismatch.text, /The two new passwords are not the same/);
    assert.match(mismatch.text, /class="error-summary"/);
    const long = 'x'.repeat(64) + ' ünïcödé ' + 'y'.repeat(64); // 64+ accepted, no composition rules
    const changed = await browser.post('/admin/account/password', { current: 'one time only 123', password: long, confirm: long, _csrf: csrfOf(page.text) });
    assert.equal(changed.status, 303);

    const home = await browser.get('/admin');
    assert.equal(home.status, 303);
    assert.equal(home.headers.location, '/admin/account/totp', 'an admin without TOTP is sent to enrolment');
    assert.equal((await logIn(new Browser(t.app), { ...account, password: 'one time only 123' }, clock.now())).status, 422, 'the one-time password no longer works');
    assert.equal((await logIn(new Browser(t.app), { ...account, password: long }, clock.now())).status, 303);
  });

  it('enrolment: a wrong code is refused, the right one turns TOTP on; then every login needs a code, once', async () => {
    const account = await makeAccount(t.deps, 'admin', { totp: false });
    const browser = await signedIn(t.app, account, clock.now());
    const other = await signedIn(t.app, account, clock.now()); // a second session, to be ended
    const page = await browser.get('/admin/account/totp');
    assert.equal(page.status, 200);
    assert.match(page.text, /Admins must use two-step verification/);
    const secret = secretOn(page.text);
    assert.equal(secret.length, 32, '160 bits in base32');
    assert.match(page.text, new RegExp(`otpauth://totp/Dauys:[^"<]*secret=${secret}`));
    const qr = await browser.get('/admin/account/totp/qr.svg');
    assert.equal(qr.status, 200);
    assert.match(String(qr.headers['content-type']), /^image\/svg\+xml/);
    assert.equal(qr.headers['cache-control'], 'private, no-store');

    const wrong = await browser.post('/admin/account/totp', { code: totpCode(secret, new Date(clock.now().getTime() - 5 * STEP)), current: account.password, _csrf: csrfOf(page.text) });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /The code is not right/);
    assert.equal(secretOn(wrong.text), secret, 'the same secret is offered again');
    const noPassword = await browser.post('/admin/account/totp', { code: totpCode(secret, clock.now()), current: 'not my password', _csrf: csrfOf(page.text) });
    assert.equal(noPassword.status, 422, 'a factor is changed only with the current password');
    assert.match(noPassword.text, /href="#current">The current password is not right/);
    const right = await browser.post('/admin/account/totp', { code: totpCode(secret, clock.now()), current: account.password, _csrf: csrfOf(page.text) });
    assert.equal(right.status, 303);
    assert.equal((await browser.get('/admin')).status, 200, 'the admin may go on');
    assert.equal((await other.get('/admin')).status, 303, 'the other session was ended');

    clock.advance(STEP);
    const withoutCode = await logIn(new Browser(t.app), { email: account.email, password: account.password }, clock.now());
    assert.equal(withoutCode.status, 422);
    assert.match(withoutCode.text, /password or code is not right/);
    const wrongCode = await logIn(new Browser(t.app), { email: account.email, password: account.password }, clock.now(), { code: totpCode(secret, new Date(clock.now().getTime() + 10 * STEP)) });
    assert.equal(wrongCode.status, 422);
    const code = totpCode(secret, clock.now());
    const ok = await logIn(new Browser(t.app), { email: account.email, password: account.password }, clock.now(), { code: code.replace(/(\d{3})/, '$1 ') });
    assert.equal(ok.status, 303, 'the code, typed with a space');
    const reused = await logIn(new Browser(t.app), { email: account.email, password: account.password }, clock.now(), { code });
    assert.equal(reused.status, 422, 'the same code again is refused');
    clock.advance(10_000);
    const previousStep = await logIn(new Browser(t.app), { email: account.email, password: account.password }, clock.now(), { code: totpCode(secret, new Date(clock.now().getTime() - STEP)) });
    assert.equal(previousStep.status, 422, 'an earlier step than the last one used is refused too');
    clock.advance(2 * STEP);
    assert.equal((await logIn(new Browser(t.app), { email: account.email, password: account.password }, clock.now(), { code: totpCode(secret, new Date(clock.now().getTime() - STEP)) })).status, 303, 'one step either side is accepted');
    const failures = (await t.db('audit_log').where({ action: 'auth.login-failed', subject: `user:${account.id}` }).select('details')) as { details: { why: string } }[];
    assert.deepEqual(failures.map((f) => f.details.why).sort(), ['code', 'code', 'code-reused', 'code-reused']);
  });

  it('an organiser may go on without TOTP, and may set it up', async () => {
    const account = await makeAccount(t.deps, 'organiser');
    const browser = await signedIn(t.app, account, clock.now());
    assert.equal((await browser.get('/admin')).status, 200);
    const page = await browser.get('/admin/account/totp');
    assert.doesNotMatch(page.text, /Admins must use/);
  });

  it('a password change ends the other sessions and renews this one', async () => {
    const account = await makeAccount(t.deps, 'moderator');
    const browser = await signedIn(t.app, account, clock.now());
    const other = await signedIn(t.app, account, clock.now());
    const before = browser.cookies.get('dauys.admin');
    const res = await browser.submit('/admin/account/password', '/admin/account/password', { current: account.password, password: 'an entirely new phrase', confirm: 'an entirely new phrase' });
    assert.equal(res.status, 303);
    assert.notEqual(browser.cookies.get('dauys.admin'), before, 'a new session id');
    assert.equal(res.headers.location, '/admin/account?done=password');
    const account2 = await browser.get(res.headers.location!);
    assert.equal(account2.status, 200);
    assert.match(account2.text, /Your password has been changed/);
    assert.equal((await other.get('/admin')).status, 303);
    const audit = await t.db('audit_log').where({ action: 'user.password-changed', subject: `user:${account.id}` }).first<{ details: { otherSessionsEnded: number } }>('details');
    assert.equal(audit?.details.otherSessionsEnded, 1);
  });

  it('a user sees their own sessions and can end the others', async () => {
    const account = await makeAccount(t.deps, 'organiser');
    const browser = await signedIn(t.app, account, clock.now());
    const other = await signedIn(t.app, account, clock.now());
    const page = await browser.get('/admin/account');
    assert.equal((page.text.match(/<tr>\s*<td>/g) ?? []).length, 2, 'two sessions listed');
    assert.match(page.text, /This session/);
    assert.doesNotMatch(page.text, new RegExp(decodeURIComponent(browser.cookies.get('dauys.admin')!).slice(2, 20)), 'no session id on the page');
    const res = await browser.post('/admin/account/sessions/end-others', { _csrf: csrfOf(page.text) });
    assert.equal(res.status, 303);
    assert.equal((await other.get('/admin')).status, 303);
    assert.equal((await browser.get('/admin')).status, 200);
  });
});
