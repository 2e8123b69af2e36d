// The example reverse proxy (docs/deploy/nginx/dauys.conf), run with Debian's nginx in front of the app:
// the documented file, changed only to listen on a loopback port over plain HTTP, to reach the test app
// and to keep its cache in a temporary folder. Through it: pages and a form post work; what the app marks
// public is cached (a second request is a HIT) and nothing else is (private, no-store, Set-Cookie,
// /admin, requests with a cookie); each encoding is its own cached copy; the client's address the app
// sees is the proxy's view of it, not a forged X-Forwarded-For; /metrics is not reachable through it.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { loadConfig } from '../../src/config.ts';
import { createDb, type Db } from '../../src/db/knex.ts';
import { resolveSecrets } from '../../src/secrets.ts';
import { hashIp } from '../../src/web/ip-hash.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { sharedSecrets, startAppProcess, type AppProcess } from '../support/process.ts';
import { freeFixedPort } from '../support/ports.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
// CI installs nginx (.ci/run); a developer's machine without it skips this file, CI never does.
const skip = !NGINX && !process.env.CI ? 'nginx is not installed (apt-get install -y nginx)' : false;
const DOCS_CONFIG = path.resolve('docs/deploy/nginx/dauys.conf');
const METRICS_TOKEN = 'nginx-test-metrics-token-0123456789';

/** The documented site, adapted to a loopback port and plain HTTP; each change must find its line. */
function adaptNginxConfig(text: string, options: { port: number; appPort: number; cacheDir: string }): string {
  const steps: [RegExp, string][] = [
    [/# --- https only: from here[\s\S]*?# --- https only: to here\n/, ''],
    [/^\s*listen 443 ssl http2;$/m, `    listen 127.0.0.1:${options.port} default_server;`],
    [/^\s*listen \[::\]:443 ssl http2;\n/m, ''],
    [/^\s*ssl_[a-z_]+ .*;\n/gm, ''],
    [/server 127\.0\.0\.1:3000;/, `server 127.0.0.1:${options.appPort};`],
    [/\/var\/cache\/nginx\/dauys/, options.cacheDir],
  ];
  let out = text;
  for (const [pattern, replacement] of steps) {
    assert.match(out, pattern, `docs/deploy/nginx/dauys.conf no longer has ${pattern}`);
    out = out.replace(pattern, replacement);
  }
  return out;
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

function call(base: string, pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const cacheable = (a: Answer): boolean => /\bpublic\b/.test(String(a.headers['cache-control'])) && /(s-maxage|max-age)=[1-9]/.test(String(a.headers['cache-control'])) && a.headers['set-cookie'] === undefined;

describe('through the example nginx configuration', { skip }, () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let db: Db;
  let app: AppProcess;
  let nginx: ChildProcess | undefined;
  let work: string;
  let base: string;
  let env: Record<string, string>;

  before(async () => {
    database = await createTestDatabase();
    smtp = await startTestSmtp();
    db = createDb(database.url);
    const port = await freeFixedPort();
    base = `http://127.0.0.1:${port}`;
    env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, TRUST_PROXY: 'loopback', BASE_URL: base, METRICS_TOKEN, ...sharedSecrets() };
    app = await startAppProcess(env);
    // As root, nginx's workers run as nobody: a 0755 work folder they can use (not under a 0700 one).
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-nginx-'));
    fs.chmodSync(work, 0o755);
    const cacheDir = path.join(work, 'cache');
    fs.mkdirSync(cacheDir, { mode: 0o777 });
    fs.chmodSync(cacheDir, 0o777);
    const site = adaptNginxConfig(fs.readFileSync(DOCS_CONFIG, 'utf8'), { port, appPort: app.port, cacheDir });
    const temp = (name: string) => `${name}_temp_path ${path.join(work, name)};`;
    const main = [
      'daemon off;',
      'worker_processes 1;',
      `pid ${path.join(work, 'nginx.pid')};`,
      `error_log ${path.join(work, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      `http { ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join(' ')}`,
      site,
      '}',
    ].join('\n');
    const conf = path.join(work, 'nginx.conf');
    fs.writeFileSync(conf, main);
    const check = spawnSync(NGINX!, ['-t', '-q', '-p', work, '-e', path.join(work, 'error.log'), '-c', conf], { encoding: 'utf8' });
    assert.equal(check.status, 0, `nginx -t: ${check.stderr}`);
    nginx = spawn(NGINX!, ['-p', work, '-e', path.join(work, 'error.log'), '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
    const until = Date.now() + 15_000;
    for (;;) {
      try {
        if ((await call(base, '/healthz')).status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > until || nginx.exitCode !== null) throw new Error(`nginx did not start: ${fs.readFileSync(path.join(work, 'error.log'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await app?.kill('SIGTERM');
    await db?.destroy();
    await smtp?.close();
    await database?.drop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('caches what the app marks public, and nothing else', async () => {
    const paths = ['/en/', '/kk/petitions/zhanaozen-list', '/en/privacy', '/api/v1/petitions/zhanaozen-list', '/robots.txt', '/sitemap.xml', '/css/site.css', `/en/confirm/${'A'.repeat(43)}`, '/language/kk?next=%2F', '/admin/login', '/en/no-such-page'];
    const cached: string[] = [];
    for (const p of paths) {
      const first = await call(base, p);
      assert.ok(first.status < 500, `${p}: ${first.status}`);
      const second = await call(base, p);
      const status = second.headers['x-cache-status'];
      if (cacheable(first)) {
        assert.equal(status, 'HIT', `${p} (${first.headers['cache-control']}) is served from the cache`);
        assert.equal(second.headers['set-cookie'], undefined, p);
        cached.push(p);
      } else assert.notEqual(status, 'HIT', `${p} (${first.headers['cache-control']}, set-cookie ${first.headers['set-cookie'] ?? 'none'}) is not cached`);
    }
    console.log(`nginx cached: ${cached.join(' ')}`);
    for (const p of ['/api/v1/petitions/zhanaozen-list', '/robots.txt', '/css/site.css']) assert.ok(cached.includes(p), `${p} is cached`);
    assert.equal((await call(base, '/language/kk?next=%2F')).headers['set-cookie']?.length, 1, 'the cookie still reaches the visitor');

    const withCookie = await call(base, '/robots.txt', { headers: { Cookie: 'lang=kk' } });
    assert.equal(withCookie.headers['x-cache-status'], 'BYPASS', 'a request with a cookie is not answered from the cache');
  });

  it('keeps one copy per encoding (Vary: Accept-Encoding)', async () => {
    const br = await call(base, '/sitemap.xml', { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    const plain = await call(base, '/sitemap.xml', { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined, 'a client without brotli never gets the brotli copy');
    const brAgain = await call(base, '/sitemap.xml', { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(brAgain.headers['x-cache-status'], 'HIT');
    assert.equal(brAgain.headers['content-encoding'], 'br');
    assert.deepEqual(brotliDecompressSync(brAgain.body), plain.body);
  });

  it('a form posted through the proxy signs, with the address the proxy saw (a forged X-Forwarded-For is replaced)', async () => {
    const page = await call(base, '/en/petitions/zhanaozen-list');
    assert.equal(page.status, 200);
    const rendered = /name="rendered" value="([^"]*)"/.exec(page.body.toString())?.[1] ?? '';
    const body = new URLSearchParams({ name: 'Through nginx', email: 'through-nginx@example.org', country: 'KZ', consent: 'on', rendered }).toString();
    const form = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, 'X-Forwarded-For': '203.0.113.77' };
    const signed = await call(base, '/en/petitions/zhanaozen-list/signatures', { method: 'POST', headers: { ...form, 'Sec-Fetch-Site': 'same-origin' }, body });
    assert.equal(signed.status, 303);
    assert.equal(signed.headers.location, '/en/petitions/zhanaozen-list/check-email');
    await smtp.waitForTo('through-nginx@example.org', 1, 30_000);
    const row = await db('signatures').first();
    const ipKey = resolveSecrets(loadConfig(env)).ipKey;
    assert.deepEqual(row.ip_hash, hashIp(ipKey, '127.0.0.1', row.created_at), 'the address nginx saw');
    assert.notDeepEqual(row.ip_hash, hashIp(ipKey, '203.0.113.77', row.created_at));

    const forged = await call(base, '/en/petitions/zhanaozen-list/signatures', { method: 'POST', headers: { ...form, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, body });
    assert.equal(forged.status, 403);
    assert.equal(Number((await db('signatures').count<{ n: string }[]>('* as n'))[0]!.n), 1);
  });

  it('/metrics is not reachable through the proxy, even with the token', async () => {
    const through = await call(base, '/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(through.status, 404);
    assert.equal((await call(app.url, '/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).status, 200, 'from inside, with the token');
  });
});
