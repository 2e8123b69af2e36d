// Who reaches what under /admin, for every route read from the router: an anonymous visitor is sent to
// the login page from every /admin URL (but the login page and the language switcher); each role reaches
// exactly the routes whose requireRole names it (a moderator reaches no admin-only page); and no admin
// page can be kept by a cache or indexed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { ROLES, type Role } from '../../../src/admin/index.ts';
import { adminRoutes, Browser, csrfOf, fillPath, isRoleRefusal, makeAccount, movableClock, signedIn, type Account } from './support.ts';

const OPEN = new Set(['/admin/login', '/admin/language/:lang']);

describe('admin access', () => {
  const clock = movableClock();
  let t: TestApp;
  const accounts = {} as Record<Role, Account>;
  const browsers = {} as Record<Role, Browser>;
  let victim: Account;
  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    for (const role of ROLES) {
      accounts[role] = await makeAccount(t.deps, role);
      browsers[role] = await signedIn(t.app, accounts[role], clock.now());
      browsers[role].cookies.set('dauys.admin.lang', 'ru');
    }
    victim = await makeAccount(t.deps, 'organiser');
  });
  after(() => t.close());

  const pathOf = (path: string) => fillPath(path, { id: String(victim.id) });

  it('an anonymous visitor is sent to the login page from every /admin URL, with no cookie set', async () => {
    const routes = adminRoutes(t.app);
    assert.ok(routes.length >= 20, `${routes.length} routes found`);
    for (const route of routes.filter((r) => !OPEN.has(r.path))) {
      const path = pathOf(route.path);
      const res = route.method === 'get' ? await new Browser(t.app).get(path) : await new Browser(t.app).post(path, {});
      assert.equal(res.status, 303, `${route.method} ${path}`);
      const expected = route.method === 'get' ? `/admin/login?next=${encodeURIComponent(path)}` : '/admin/login';
      assert.equal(res.headers.location, expected, `${route.method} ${path}`);
      assert.equal(res.headers['set-cookie'], undefined, `${route.method} ${path}: no session for a redirect`);
      assert.equal(res.headers['cache-control'], 'private, no-store', path);
    }
    for (const path of ['/admin/nothing-here', '/admin/users/999999', '/admin/audit?action=x']) {
      const res = await new Browser(t.app).get(path);
      assert.equal(res.headers.location, `/admin/login?next=${encodeURIComponent(path)}`, path);
    }
    assert.equal((await new Browser(t.app).get('/admin/login')).status, 200);
  });

  it('every role reaches exactly the routes that name it; others get 403 in their language and change nothing', async () => {
    const guarded = adminRoutes(t.app).filter((r) => r.roles);
    assert.ok(guarded.some((r) => r.path === '/admin/users' && r.roles!.length === 1 && r.roles![0] === 'admin'));
    for (const route of guarded) {
      for (const role of ROLES) {
        const browser = browsers[role];
        const path = pathOf(route.path);
        const before = JSON.stringify(await t.db('users').orderBy('id').select('role', 'disabled_at', 'password_hash'));
        const res = route.method === 'get' ? await browser.get(path) : await browser.post(path, { _csrf: csrfOf((await browser.get('/admin/account')).text), role: 'moderator' });
        if (route.roles!.includes(role)) {
          assert.ok(!isRoleRefusal(res), `${role} ${route.method} ${path}: allowed (${res.status})`);
          continue;
        }
        assert.ok(isRoleRefusal(res), `${role} ${route.method} ${path}: refused (${res.status})`);
        assert.match(res.text, /<html lang="ru"/);
        assert.equal(JSON.stringify(await t.db('users').orderBy('id').select('role', 'disabled_at', 'password_hash')), before, `${role} ${path}: nothing changed`);
      }
    }
  });

  it('a moderator cannot open the users pages or the audit log; an organiser neither', async () => {
    for (const role of ['moderator', 'organiser'] as const) {
      for (const path of ['/admin/users', `/admin/users/${victim.id}`, '/admin/audit']) assert.equal((await browsers[role].get(path)).status, 403, `${role} ${path}`);
      assert.equal((await browsers[role].get('/admin')).status, 200);
      const nav = (await browsers[role].get('/admin')).text;
      assert.doesNotMatch(nav, /href="\/admin\/users"/, `${role}: no link to users`);
      assert.doesNotMatch(nav, /href="\/admin\/audit"/, `${role}: no link to the audit log`);
    }
    const adminNav = (await browsers.admin.get('/admin')).text;
    assert.match(adminNav, /href="\/admin\/users"/);
    assert.match(adminNav, /href="\/admin\/audit"/);
  });

  it('no admin page is cacheable or indexable, and none has inline script or style', async () => {
    for (const route of adminRoutes(t.app).filter((r) => r.method === 'get')) {
      const path = pathOf(route.path);
      const res = await browsers.admin.get(path);
      assert.ok(res.status < 500, `${path}: ${res.status}`);
      assert.equal(res.headers['cache-control'], 'private, no-store', path);
      assert.match(String(res.headers['x-robots-tag']), /noindex/, path);
      if (/html/.test(String(res.headers['content-type']))) {
        assert.match(res.text, /<meta name="robots" content="noindex, nofollow">/, path);
        assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)[^>]*>|\sstyle="|\son[a-z]+="|<style[\s>]/i, `${path}: no inline script or style`);
      }
    }
    for (const path of ['/admin/login', '/admin/users/999999']) {
      const res = await new Browser(t.app).get(path);
      assert.equal(res.headers['cache-control'], 'private, no-store', path);
    }
  });

  it('the language switcher keeps its choice under /admin only and goes back to a local page', async () => {
    const browser = new Browser(t.app);
    const res = await browser.get('/admin/language/kk?next=%2Fadmin%2Flogin');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/admin/login');
    assert.match(String(res.headers['set-cookie']), /^dauys\.admin\.lang=kk; .*Path=\/admin;/);
    assert.match((await browser.get('/admin/login')).text, /<html lang="kk"[\s\S]*Кіру/);
    assert.equal((await browser.get('/admin/language/pl?next=https%3A%2F%2Fevil.example')).headers.location, '/admin');
    assert.equal((await browser.get('/admin/language/xx?next=%2Fadmin')).headers['set-cookie'], undefined);
    assert.match((await browser.get('/en/')).text, /<html lang="en"/, 'public pages keep their own language');
  });
});
