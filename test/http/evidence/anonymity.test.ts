// Acceptance: after a submission (text and a 20 MB file) with sentinel values in User-Agent,
// X-Forwarded-For (trusted, so it is the request's IP) and Referer, neither the database (every row of
// every table) nor DATA_DIR nor the app's log lines nor new files in the temp folder hold the message, the
// file's bytes, its name or any sentinel; the stored parts decrypt with the organiser's private key, with
// openpgp.js and with GnuPG, to the original bytes; the downloadable bundle does too.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { bundleStream } from '../../../src/evidence/bundle.ts';
import { createPartStore } from '../../../src/evidence/part-store.ts';
import { partsOf } from '../../../src/evidence/reports.repo.ts';
import { canonicalReceipt } from '../../../src/evidence/receipt.ts';
import { hashIp } from '../../../src/web/ip-hash.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { addOrganiserKey, decryptWithOpenpgp, dumpAllTables, evidenceFiles, filesUnder, gpgAvailable, gpgDecrypt, makeOrganiserKey, markedPdf, receiptFrom, submit, type OrganiserKey } from '../../support/evidence.ts';

const CYRILLIC = 'ҚҰПИЯ-СИГНАЛ-4e9';
const MESSAGE = `MSG-SENTINEL-9d41c: the order to fire came from the regional police chief. ${CYRILLIC}, Жаңаөзен, 16.12.2011`;
const WHO = 'WHO-SENTINEL-77ab2 commander of unit 5';
const FILE_MARK = 'FILE-SENTINEL-2f8e7a61-';
const FILE_NAME = 'protocol-NAME-SENTINEL-c9.pdf';
const UA = 'UA-SENTINEL-5c0d/1.0 (X11)';
const IP = '203.0.113.77';
const REFERER = 'https://referer-sentinel-71b3.example/leak';
const ONION = `http://${'a'.repeat(52)}2345.onion`;
const SIZE = 20 * 1024 * 1024;
const METRICS = 'metrics-token-for-the-test-0123456789';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('evidence: a submission leaves nothing readable and nothing identifying', () => {
  const logLines: string[] = [];
  const started = Date.now();
  let t: TestApp;
  let key: OrganiserKey;
  let file: Buffer;
  let res: request.Response;
  let receipt: string;
  let dataDir: string;

  before(async () => {
    t = await buildTestApp({ workers: false, logLines, env: { TRUST_PROXY: 'true', ONION_URL: ONION, METRICS_TOKEN: METRICS } });
    dataDir = t.deps.config.dataDir;
    key = await makeOrganiserKey('Organiser One');
    await addOrganiserKey(t.db, key);
    file = markedPdf(SIZE, FILE_MARK);
    res = await submit(t.app, { message: MESSAGE, who: WHO, files: [{ name: FILE_NAME, bytes: file }], headers: { 'User-Agent': UA, 'X-Forwarded-For': IP, Referer: REFERER } });
    receipt = receiptFrom(res.text);
    await request(t.app).get('/en/privacy').expect(200); // a page that is logged: proves the capture works
  });
  after(() => t.close());

  it('answers with a one-time receipt of 12 BIP39 words, on the same URL, with the evidence headers and no cookie', () => {
    assert.equal(res.status, 200);
    assert.ok(canonicalReceipt(receipt), 'a valid 12-word receipt (checksum included)');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(String(res.headers['cache-control']), /no-store/);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-robots-tag'], 'noindex, noarchive');
    assert.match(String(res.headers['permissions-policy']), /camera=\(\).*microphone=\(\).*geolocation=\(\)/);
    assert.equal(res.headers['onion-location'], `${ONION}/en/submit`);
  });

  it('the database holds none of it: not the message, the file, its name, the receipt, the IP (or its hash), the user agent or the referrer', async () => {
    const dump = await dumpAllTables(t.db);
    const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
    const ipHash = hashIp(t.deps.secrets.ipKey, IP, new Date())!;
    for (const secret of ['MSG-SENTINEL-9d41c', CYRILLIC, WHO, FILE_MARK, FILE_NAME, 'NAME-SENTINEL', receipt, receipt.split(' ').slice(0, 3).join(' '), UA, 'UA-SENTINEL', IP, REFERER, 'referer-sentinel']) {
      assert.equal(dump.includes(secret), false, `${secret} is not in the database`);
      assert.equal(dump.includes(hex(secret)), false, `${secret} is not in the database as bytes`);
    }
    for (const hash of [ipHash.toString('hex'), ipHash.toString('base64url'), ipHash.toString('base64')]) assert.equal(dump.includes(hash), false, 'no hash of the IP either');
    assert.equal(Number((await t.db('evidence_reports').count('* as n'))[0]!.n), 1);
    assert.equal(Number((await t.db('evidence_parts').count('* as n'))[0]!.n), 2);
  });

  it('keeps only the day: no evidence table has a time column, and the literal packets and the source key carry midnight', async () => {
    const { rows } = (await t.db.raw(`select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name in ('evidence_reports', 'evidence_parts', 'evidence_settings')`)) as { rows: { table_name: string; column_name: string; data_type: string }[] };
    assert.ok(rows.length > 10);
    assert.deepEqual(rows.filter((r) => /time|interval/.test(r.data_type)), [], 'no timestamp or time columns');
    const report = await t.db('evidence_reports').first();
    const openpgp = await import('openpgp');
    const sourceKey = await openpgp.readKey({ armoredKey: report.source_public_key });
    assert.equal(sourceKey.getCreationTime().toISOString().slice(11), '00:00:00.000Z', 'the source key is dated to the day');
    for (const stored of evidenceFiles(dataDir)) {
      const packets = await openpgp.readMessage({ binaryMessage: fs.readFileSync(path.join(dataDir, 'evidence', stored)) });
      assert.ok(packets, stored);
      const { mtime } = fs.statSync(path.join(dataDir, 'evidence', stored));
      assert.equal(mtime.toISOString().slice(11), '00:00:00.000Z', `${stored}: its file time is midnight`);
    }
  });

  it('DATA_DIR holds only ciphertext under random names, and nothing half-written', () => {
    const names = evidenceFiles(dataDir);
    assert.equal(names.length, 2);
    for (const name of names) assert.match(name, /^[0-9a-f]{32}\.gpg$/);
    const markers = [FILE_MARK, 'MSG-SENTINEL-9d41c', CYRILLIC, FILE_NAME, WHO, UA, IP, REFERER, receipt].map((m) => Buffer.from(m, 'utf8'));
    const everything = filesUnder(dataDir);
    assert.ok(everything.length >= 2);
    for (const { file: found, bytes } of everything) for (const marker of markers) assert.equal(bytes.includes(marker), false, `${found} holds no plaintext (${marker.toString().slice(0, 20)})`);
    // 64 random windows of the file's bytes are nowhere either.
    const windows = Array.from({ length: 64 }, (_, i) => file.subarray(Math.floor((SIZE - 64) * (i / 64)), Math.floor((SIZE - 64) * (i / 64)) + 48));
    for (const { bytes } of everything) for (const w of windows) assert.equal(bytes.includes(w), false);
  });

  it('the logs say nothing of it: no sentinel, no submit path', () => {
    assert.ok(logLines.some((l) => l.includes('/en/privacy')), 'the logger was capturing');
    const all = logLines.join('');
    for (const secret of ['MSG-SENTINEL', CYRILLIC, WHO, FILE_MARK, FILE_NAME, UA, IP, REFERER, receipt]) assert.equal(all.includes(secret), false, `${secret} is not logged`);
    assert.doesNotMatch(all, /submit/, 'the evidence routes are not in the request log');
  });

  it('the metrics count no evidence request (a counter moving between scrapes would date a submission)', async () => {
    const metrics = await request(t.app).get('/metrics').set('Authorization', `Bearer ${METRICS}`).expect(200);
    assert.match(metrics.text, /dauys_http_request_duration_seconds_count\{[^}]*route="\/:lang\/privacy"/, 'other pages are counted');
    assert.doesNotMatch(metrics.text, /submit/);
  });

  it('no new file in the temp folder holds the plaintext (nothing was buffered to disk)', () => {
    const tmp = os.tmpdir();
    const marker = Buffer.from(FILE_MARK);
    const scan = (dir: string, depth: number): string[] => {
      const hits: string[] = [];
      let entries: fs.Dirent[] = [];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return hits;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        try {
          if (entry.isDirectory() && depth < 4) hits.push(...scan(full, depth + 1));
          else if (entry.isFile()) {
            const stat = fs.statSync(full);
            if (stat.mtimeMs >= started - 1000 && stat.size < 200 * 1024 * 1024 && fs.readFileSync(full).includes(marker)) hits.push(full);
          }
        } catch {
          // another process's file, gone or unreadable
        }
      }
      return hits;
    };
    assert.deepEqual(scan(tmp, 0), []);
  });

  it('the parts decrypt with the organiser’s private key (openpgp.js) to the message and the original bytes, name inside', async () => {
    const report = await t.db('evidence_reports').first<{ id: string }>('id');
    const parts = await partsOf(t.db, report!.id);
    assert.deepEqual(parts.map((p) => p.kind), ['message', 'file']);
    const store = createPartStore(dataDir);
    const text = await decryptWithOpenpgp(fs.readFileSync(store.finalPath(parts[0]!.stored_name)), key.privateKey);
    const body = text.data.toString('utf8');
    assert.ok(body.includes(MESSAGE), 'the message');
    assert.ok(body.includes(WHO), 'the details');
    assert.ok(body.includes(FILE_NAME) && body.includes('application/pdf') && body.includes(sha256(file)), 'the file’s name, type (from its content) and SHA-256');
    assert.match(body, /Day received: \d{4}-\d{2}-\d{2} \(UTC; the time is not recorded\)/);
    const decrypted = await decryptWithOpenpgp(fs.readFileSync(store.finalPath(parts[1]!.stored_name)), key.privateKey);
    assert.equal(decrypted.data.length, SIZE);
    assert.equal(sha256(decrypted.data), sha256(file));
    assert.equal(decrypted.filename, FILE_NAME, 'the original name lives only in the literal packet');
  });

  it('GnuPG decrypts the downloadable bundle (tar of the parts) to the same bytes', { skip: gpgAvailable ? false : 'gpg not installed' }, async () => {
    const report = await t.db('evidence_reports').first<{ id: string }>('id');
    const parts = await partsOf(t.db, report!.id);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-bundle-'));
    try {
      const tarFile = path.join(work, 'bundle.tar');
      await pipeline(bundleStream(createPartStore(dataDir), report!.id, parts), fs.createWriteStream(tarFile));
      execFileSync('tar', ['-xf', tarFile, '-C', work]);
      const folder = path.join(work, `report-${report!.id.slice(0, 8)}`);
      assert.deepEqual(fs.readdirSync(folder).sort(), ['001-message.gpg', '002-file.gpg']);
      const [text, bytes] = gpgDecrypt([path.join(folder, '001-message.gpg'), path.join(folder, '002-file.gpg')], key.privateKey);
      assert.ok(text!.toString('utf8').includes(MESSAGE));
      assert.equal(sha256(bytes!), sha256(file));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
