// The signatories export: every naughty string as a name comes back as text, formulas escaped; an email
// only for those who agreed to updates; only confirmed, valid signatures that still hold their data;
// filters; the audit entry with the filter and the row count; a fresh TOTP code for an account with TOTP
// (each code once); a moderator cannot export; headers of an attachment that no cache keeps; 200,000
// rows streamed with flat memory; a download cut short leaves no connection behind.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { totpCode } from '../../../src/admin/totp.ts';
import { seedConfirmedSignatures } from '../../../bench/seed-signatures.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { parseCsv } from '../../support/csv.ts';
import { buildConfirmedSignatures, buildPendingSignatures, invalidateAsModeration, petitionId } from '../../support/signatures.ts';
import { csrfOf, makeAccount, movableClock, signedIn, type Account, type Browser } from '../admin/support.ts';

const require = createRequire(import.meta.url);
const BLNS = require('big-list-of-naughty-strings') as string[];
const FORMULAS = ['=1+1', '+1', '-1', '@SUM(A1)', '\tTAB', '\rCR', '\0NUL', '＝1', '=HYPERLINK("http://evil.example","x")', "-2+3+cmd|' /C calc'!A0"];
const NAMES = [...new Set([...BLNS, ...FORMULAS])].filter((s) => s !== '');
const FORMULA_START = /^[=+\-@\t\r\0\uFF1D\uFF0B\uFF0D\uFF20]/;
const expectedCell = (name: string) => (FORMULA_START.test(name) ? `'${name}` : name);
const SLUG = 'zhanaozen-list';
const HEADER = ['Name', 'Country', 'Confirmed (UTC day)', 'Language', 'Email (updates agreed)'];

describe('signatories export', () => {
  const clock = movableClock(Date.parse('2026-12-01T10:00:00Z'));
  let t: TestApp;
  let organiser: Browser;
  let petition: number;
  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), clock.now());
    petition = await petitionId(t.deps);
    await buildConfirmedSignatures(
      t.deps,
      petition,
      NAMES.map((name, i) => ({ name, email: `naughty.${i}@example.org`, updates: i % 2 === 0, country: i % 5 === 0 ? 'KZ' : 'PL', confirmedAt: new Date(Date.parse('2026-11-20T12:00:00Z') + (i % 3) * 86_400_000) })),
    );
    const [invalid] = await buildConfirmedSignatures(t.deps, petition, [{ name: 'Invalidated Person', email: 'invalid.person@example.org', updates: true }]);
    await invalidateAsModeration(t.deps, invalid!, 'test');
    await buildPendingSignatures(t.deps, petition, [{ name: 'Pending Person', email: 'pending.person@example.org', updates: true }]);
    const [erased] = await buildConfirmedSignatures(t.deps, petition, [{ name: 'Erased Person', email: 'erased.person@example.org', updates: true }]);
    await t.db('signatures').where({ id: erased }).update({ name_enc: null, email_enc: null, email_hash: null });
  });
  after(() => t.close());

  async function exportCsv(browser: Browser, fields: Record<string, string> = {}) {
    const page = await browser.get(`/admin/petitions/${SLUG}/signatories`);
    return browser.post(`/admin/petitions/${SLUG}/signatories`, { ...fields, _csrf: csrfOf(page.text) });
  }
  const exportsLogged = async () => (await t.db('audit_log').where({ action: 'export.signatories' }).orderBy('id')) as { actor: string; subject: string; details: { filter: Record<string, unknown>; rows: number; freshCode: boolean } }[];

  it('every name comes back as text, formulas escaped; emails only for those who agreed to updates', async () => {
    const res = await exportCsv(organiser);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8$/);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="signatories-zhanaozen-list-2026-12-01.csv"');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.equal(res.headers['content-encoding'], undefined, 'not compressed');
    assert.ok(res.text.startsWith('\uFEFF'));
    const [header, ...rows] = parseCsv(res.text);
    assert.deepEqual(header, HEADER);
    assert.equal(rows.length, NAMES.length, 'one row per confirmed, valid signature that still holds its data');
    const byName = new Map(rows.map((r) => [r[0], r]));
    NAMES.forEach((name, i) => {
      const row = byName.get(expectedCell(name));
      assert.ok(row, `name #${i} ${JSON.stringify(name).slice(0, 60)} is in the file as text`);
      assert.equal(row![4], i % 2 === 0 ? `naughty.${i}@example.org` : '', `email of #${i} only with updates`);
      assert.equal(row![1], i % 5 === 0 ? 'KZ' : 'PL');
      assert.match(row![2]!, /^2026-11-2[0-2]$/);
    });
    for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, FORMULA_START, `no cell starts a formula: ${JSON.stringify(cell).slice(0, 40)}`);
    for (const absent of ['naughty.1@example.org', 'Invalidated Person', 'Pending Person', 'Erased Person']) assert.ok(!res.text.includes(absent), `${absent} is not exported`);
    const [entry] = (await exportsLogged()).slice(-1);
    assert.deepEqual(entry!.details, { filter: { country: null, from: null, to: null }, rows: NAMES.length, freshCode: false });
    assert.equal(entry!.subject, `petition:${SLUG}`);
    assert.match(entry!.actor, /^user:\d+$/);
  });

  it('filters by country and day; the audit entry has the filter and the row count of the file', async () => {
    const res = await exportCsv(organiser, { country: 'KZ', from: '2026-11-21', to: '2026-11-22' });
    assert.equal(res.status, 200);
    const rows = parseCsv(res.text).slice(1);
    const expected = NAMES.filter((_, i) => i % 5 === 0 && i % 3 !== 0).length;
    assert.equal(rows.length, expected);
    assert.ok(rows.every((r) => r[1] === 'KZ' && (r[2] === '2026-11-21' || r[2] === '2026-11-22')));
    const [entry] = (await exportsLogged()).slice(-1);
    assert.deepEqual(entry!.details, { filter: { country: 'KZ', from: '2026-11-21', to: '2026-11-22' }, rows: expected, freshCode: false });
    const bad = await exportCsv(organiser, { country: 'XX', from: 'yesterday' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#country"/);
    assert.match(bad.text, /href="#from"/);
    assert.match(bad.text, /value="yesterday"/);
    assert.equal((await exportsLogged()).length, 2, 'a refused form exports nothing and logs nothing');
  });

  it('an account with TOTP must give a fresh code, each code once; a moderator cannot export', async () => {
    const admin: Account = await makeAccount(t.deps, 'admin');
    clock.advance(60_000);
    const browser = await signedIn(t.app, admin, clock.now());
    const logged = (await exportsLogged()).length;
    const page = await browser.get(`/admin/petitions/${SLUG}/signatories`);
    assert.match(page.text, /name="code"/);
    const missing = await exportCsv(browser);
    assert.equal(missing.status, 422);
    assert.match(missing.text, /href="#code"/);
    assert.equal((await exportCsv(browser, { code: '000000' === totpCode(admin.secret!, clock.now()) ? '111111' : '000000' })).status, 422);
    clock.advance(30_000);
    const code = totpCode(admin.secret!, clock.now());
    const ok = await exportCsv(browser, { code });
    assert.equal(ok.status, 200);
    assert.equal(parseCsv(ok.text).length - 1, NAMES.length);
    const again = await exportCsv(browser, { code });
    assert.equal(again.status, 422, 'a code works once');
    assert.match(again.text, /used already/);
    const entries = await exportsLogged();
    assert.equal(entries.length, logged + 1, 'only the export that happened is logged');
    assert.equal(entries.at(-1)!.details.freshCode, true);

    const moderator = await signedIn(t.app, await makeAccount(t.deps, 'moderator'), clock.now());
    assert.equal((await moderator.get(`/admin/petitions/${SLUG}/signatories`)).status, 403);
    const refused = await moderator.post(`/admin/petitions/${SLUG}/signatories`, { _csrf: csrfOf((await moderator.get('/admin/account')).text) });
    assert.equal(refused.status, 403);
    assert.doesNotMatch(refused.text, /naughty/);
    assert.equal((await exportsLogged()).length, logged + 1);
  });

  it('200,000 rows stream with flat memory, and a download cut short frees its connection', async () => {
    const [row] = (await t.db('petitions').insert({ slug: 'memory-test', goal: 1000, status: 'open' }).returning('id')) as { id: number }[];
    await seedConfirmedSignatures(t.deps.bulkDb, { petitionId: row!.id, count: 200_000, encryptionKey: t.deps.secrets.encryptionKey, until: clock.now() });
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const token = csrfOf((await organiser.get('/admin/petitions/memory-test/signatories')).text);
    const post = (onData: (chunk: Buffer, req: http.ClientRequest) => void) =>
      new Promise<{ status: number; lines: number }>((resolve, reject) => {
        const body = new URLSearchParams({ _csrf: token }).toString();
        const req = http.request({ port, method: 'POST', path: '/admin/petitions/memory-test/signatories', headers: { Cookie: organiser.cookieHeader(), 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
          let lines = 0;
          res.on('data', (chunk: Buffer) => {
            for (const byte of chunk) if (byte === 10) lines += 1;
            onData(chunk, req);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, lines }));
          res.on('error', reject);
          res.on('aborted', () => resolve({ status: res.statusCode ?? 0, lines }));
        });
        req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve({ status: 0, lines: 0 }) : reject(error)));
        req.end(body);
      });
    try {
      gc();
      const base = process.memoryUsage().heapUsed;
      let peak = base;
      let rawPeak = base;
      let samples = 0;
      const live: number[] = [];
      const sampler = setInterval(() => {
        rawPeak = Math.max(rawPeak, process.memoryUsage().heapUsed);
        samples += 1;
        if (samples % 20 === 0) {
          gc();
          live.push(Math.round((process.memoryUsage().heapUsed - base) / 1048576));
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
      }, 5);
      const started = performance.now();
      const full = await post(() => undefined);
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      const growthMb = (peak - base) / 1024 / 1024;
      console.log(`export of 200,000 rows: ${seconds.toFixed(1)} s, heap growth at peak ${growthMb.toFixed(1)} MB, raw ${((rawPeak - base) / 1048576).toFixed(1)} MB, live ${live.join(' ')}`);
      assert.equal(full.status, 200);
      assert.equal(full.lines, 200_001, 'the header and every row');
      assert.ok(growthMb < 48, `heap grew by ${growthMb.toFixed(1)} MB (the rows alone would take over 80 MB)`);

      for (let i = 0; i < 3; i += 1) {
        const cut = await post((_chunk, req) => req.destroy());
        assert.ok(cut.lines < 200_001, 'cut short');
      }
      const pool = (t.db.client as { pool: { numUsed(): number } }).pool;
      for (let i = 0; i < 50 && pool.numUsed() > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
      assert.equal(pool.numUsed(), 0, 'every connection back in the pool');
      assert.equal((await exportCsv(organiser, { country: 'MT' })).status, 200, 'and exports still work');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
