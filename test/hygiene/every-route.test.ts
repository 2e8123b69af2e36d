// Generated from the app's own router: every route, with bad bytes in each path parameter and in the
// query, answers 400, 404 (or, behind /admin, a redirect to the login page) in the visitor's language,
// or JSON under /api: never a 5xx, never a stack. A route with a parameter name web/params.ts does not
// know, or on a router made without createRouter(), fails this file, so no route escapes it.
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { PARAMS } from '../../src/web/params.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { walkRoutes, type RouteInfo } from '../support/routes.ts';

/** Raw path segments (already %-encoded where needed) that no parameter may accept. */
const BAD_SEGMENTS = [
  '%00', 'a%00b', '%0d%0aSet-Cookie:%20x=1', '%C3%28', '%E0%A4%A', '%ZZ', '%FF%FE', 'x'.repeat(300), '%E2%80%AE' + 'gpj.exe',
  '..%2F..%2Fetc%2Fpasswd', '%27%3B%20drop%20table%20signatures%3B--', '%F0%9F%92%A9', '-1', '0', '99999999999999999999999999', '%20', 'UPPER',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '%u0000', '%C0%AF',
];
const BAD_QUERIES = ['x=%00', 'x=%ZZ', 'x=%C3%28', 'a=1&a=2', `x=${'y'.repeat(600)}`, 'x[]=1', 'x[a]=1', '%E2%80%AE=1', 'next=%0d%0aLocation:%20//evil', `${'k'.repeat(80)}=1`, Array.from({ length: 30 }, (_, i) => `p${i}=1`).join('&')];

const sampleUrl = (route: RouteInfo, replace?: { name: string; value: string }): string =>
  route.path.replace(/:(\w+)/g, (_m, name: string) => (replace?.name === name ? replace.value : encodeURIComponent(PARAMS[name]?.sample ?? 'x')));

function langOf(url: string): string | undefined {
  return url.match(/^\/(en|ru|kk|pl)(?:\/|$)/)?.[1];
}

describe('every route refuses bad bytes in its path and query', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const tried = new Map<string, number>();
  before(async () => {
    t = await buildTestApp({ workers: false });
    const walked = walkRoutes(t.app);
    routes = walked.routes;
    for (const router of walked.routers) {
      const missing = Object.keys(PARAMS).filter((name) => !router.checkedParams.includes(name));
      assert.deepEqual(missing, [], `the router at ${router.mount} checks every parameter name (make it with createRouter())`);
    }
  });
  after(async () => {
    console.log(`hygiene requests per route: ${[...tried].map(([route, n]) => `${route} ${n}`).join('; ')}`);
    await t.close();
  });

  it('finds the routes (the walk itself works)', () => {
    assert.ok(routes.length >= 12, `${routes.length} routes`);
    for (const path of ['/en/petitions/:slug', '/en/petitions/:slug/signatures', '/en/confirm/:token', '/api/v1/petitions/:slug', '/language/:lang']) {
      assert.ok(routes.some((r) => r.path === path), `${path} is found`);
    }
  });

  it('every path parameter of every route has a schema', () => {
    for (const route of routes) for (const name of route.params) assert.ok(Object.hasOwn(PARAMS, name), `${route.method} ${route.path}: parameter :${name} is not in web/params.ts`);
  });

  async function expectRefused(method: string, url: string, routeKey: string, allowed: readonly number[]): Promise<void> {
    tried.set(routeKey, (tried.get(routeKey) ?? 0) + 1);
    const call = method === 'GET' ? request(t.app).get(url) : method === 'HEAD' ? request(t.app).head(url) : method === 'POST' ? request(t.app).post(url).type('form').send('') : request(t.app)[method.toLowerCase() as 'put'](url);
    const res = await call;
    assert.ok(res.status < 500, `${method} ${url.slice(0, 120)} answered ${res.status}`);
    const adminRedirect = res.status === 303 && url.startsWith('/admin') && /^\/admin\/login/.test(String(res.headers.location));
    assert.ok(allowed.includes(res.status) || adminRedirect, `${method} ${url.slice(0, 120)} answered ${res.status}`);
    assert.doesNotMatch(res.text ?? '', /at .+\.(ts|js):\d+/, 'no stack');
    if (method === 'HEAD' || adminRedirect) return;
    if (url.startsWith('/api/') || url.startsWith('/webhooks/') || url.startsWith('/healthz')) assert.match(String(res.headers['content-type']), /json/, url);
    else {
      const lang = langOf(url);
      if (lang) assert.match(res.text, new RegExp(`<html lang="${lang}"`), `${url.slice(0, 80)} in its language`);
      else assert.match(res.text, /<html lang="(en|ru|kk|pl)"/);
    }
  }

  it('bad bytes in each path parameter: 400 or 404', async () => {
    for (const route of routes) {
      for (const name of route.params) {
        for (const value of BAD_SEGMENTS) {
          // Shapes a parameter legitimately accepts (e.g. "0" is not an id, but "UPPER" is a bad slug only) are skipped.
          let decoded: string | undefined;
          try {
            decoded = decodeURIComponent(value);
          } catch {
            decoded = undefined;
          }
          if (decoded !== undefined && PARAMS[name]!.schema.safeParse(decoded).success) continue;
          await expectRefused(route.method, sampleUrl(route, { name, value }), `${route.method} ${route.path}`, [400, 404, 414]);
        }
      }
    }
  });

  it('bad bytes, repeats and overlong values in the query: 400 (414 for an overlong address)', async () => {
    for (const route of routes) {
      for (const query of BAD_QUERIES) await expectRefused(route.method, `${sampleUrl(route)}?${query}`, `${route.method} ${route.path}`, [400, 414]);
    }
  });

  it('an overlong address is 414', async () => {
    const res = await request(t.app).get(`/en/petitions/zhanaozen-list?x=${'a'.repeat(500)}&y=${'b'.repeat(500)}&z=${'c'.repeat(500)}&w=${'d'.repeat(600)}`);
    assert.equal(res.status, 414);
  });

  it('raw bytes a browser would never send (NUL, high bytes, spaces) get a 4xx from the server itself', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    try {
      for (const path of ['/en/\u0000', '/en/petitions/\u00ff\u00fe', '/api/v1/petitions/a b', '/kk/\u001b[31m']) {
        const answer = await new Promise<string>((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => socket.end(Buffer.concat([Buffer.from('GET '), Buffer.from(path, 'latin1'), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')])));
          let data = '';
          socket.on('data', (chunk) => (data += chunk.toString('latin1')));
          socket.on('close', () => resolve(data));
          socket.on('error', () => resolve(data));
        });
        assert.match(answer.split('\r\n')[0] ?? '', /^HTTP\/1\.1 4\d\d/, JSON.stringify(path));
      }
    } finally {
      server.close();
    }
  });
});
