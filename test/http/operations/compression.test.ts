// Compression: pages, the API, form pages with errors and static files come gzip- or brotli-encoded when
// the client accepts it, and decode to the very bytes an identity response carries; `Vary:
// Accept-Encoding` is on each such response, compressed or not. The emailed link pages and /admin are
// never compressed (a secret beside reflected input: BREACH). Prints the bytes saved on the main pages.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildTestApp, type TestApp } from '../../support/app.ts';

interface Raw {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A request with no automatic decoding (fetch and supertest would undo the encoding). */
function raw(base: string, path: string, encoding: string, options: { method?: string; body?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: options.method ?? 'GET', headers: { 'Accept-Encoding': encoding, 'Sec-Fetch-Site': 'same-origin', ...(options.body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const decode = (r: Raw): Buffer => (r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body);
/** The one value that differs between two renderings of a form page: its signed render time. */
const normalise = (b: Buffer): string => b.toString('utf8').replace(/name="rendered" value="[^"]*"/g, 'name="rendered" value=""');
const varies = (r: Raw): boolean => String(r.headers.vary ?? '').toLowerCase().split(/,\s*/).includes('accept-encoding');

describe('response compression', () => {
  let t: TestApp;
  let server: http.Server;
  let base: string;
  before(async () => {
    t = await buildTestApp({ workers: false });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  const pages: [string, string, { method?: string; body?: string }?][] = [
    ['home', '/en/'],
    ['petition', '/en/petitions/zhanaozen-list'],
    ['petition (kk)', '/kk/petitions/zhanaozen-list'],
    ['privacy', '/en/privacy'],
    ['form with errors (422)', '/en/petitions/zhanaozen-list/signatures', { method: 'POST', body: 'name=%3Cb%3EA%3C%2Fb%3E&email=not-an-address&country=PL' }],
    ['not found (404)', '/en/no-such-page'],
    ['site.css', '/css/site.css'],
    ['enhance.js', '/js/enhance.js'],
  ];

  it('gzip and brotli decode to the bytes of the identity response, with Vary: Accept-Encoding', async () => {
    const figures: string[] = [];
    for (const [name, path, options] of pages) {
      const identity = await raw(base, path, 'identity', options);
      assert.equal(identity.headers['content-encoding'], undefined, name);
      assert.ok(varies(identity), `${name}: Vary on the identity answer too`);
      const sizes: Record<string, number> = { identity: identity.body.length };
      for (const encoding of ['gzip', 'br']) {
        const encoded = await raw(base, path, encoding === 'br' ? 'gzip, deflate, br' : 'gzip', options);
        assert.equal(encoded.status, identity.status, name);
        assert.equal(encoded.headers['content-encoding'], encoding, `${name} as ${encoding}`);
        assert.ok(varies(encoded), `${name}: Vary`);
        assert.equal(normalise(decode(encoded)), normalise(identity.body), `${name}: ${encoding} decodes to the same bytes`);
        assert.ok(encoded.body.length < identity.body.length * 0.75, `${name}: ${encoding} ${encoded.body.length} of ${identity.body.length} bytes`);
        sizes[encoding] = encoded.body.length;
      }
      figures.push(`${name} ${sizes.identity} → gzip ${sizes.gzip}, br ${sizes.br} bytes`);
    }
    console.log(`compression: ${figures.join('; ')}`);
  });

  it('a small answer (the JSON count) is sent as it is, with Vary: the cache keeps one copy per encoding', async () => {
    const api = await raw(base, '/api/v1/petitions/zhanaozen-list', 'gzip, br');
    assert.equal(api.status, 200);
    assert.ok(api.body.length < 1024);
    assert.equal(api.headers['content-encoding'], undefined);
    assert.ok(varies(api));
  });

  it('a precompressed static file answers If-None-Match with 304, per encoding', async () => {
    const first = await raw(base, '/css/site.css', 'br');
    const etag = String(first.headers.etag);
    assert.match(etag, /-br"$/);
    const again = await new Promise<Raw>((resolve, reject) => {
      http.get(`${base}/css/site.css`, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) }));
      }).on('error', reject);
    });
    assert.equal(again.status, 304);
    assert.equal(again.headers['cache-control'], first.headers['cache-control']);
    assert.notEqual((await raw(base, '/css/site.css', 'gzip')).headers.etag, etag, 'another encoding, another validator');
  });

  it('never compresses the emailed link pages nor /admin (a token beside reflected input)', async () => {
    const token = 'A'.repeat(43);
    for (const path of [`/en/confirm/${token}`, `/en/withdraw/${token}?x=${'y'.repeat(2000)}`, '/admin/login', `/admin/${'z'.repeat(2000)}`]) {
      const res = await raw(base, path, 'gzip, deflate, br');
      assert.equal(res.headers['content-encoding'], undefined, path);
      assert.ok(res.body.length > 0, path);
    }
  });
});
