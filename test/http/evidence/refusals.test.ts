// Every way a submission is refused answers with a clear, translated error and leaves nothing behind: no
// row, no file (not even a partial), in DATA_DIR/evidence. The file limit is exact: 30 MB is taken,
// 30 MB + 1 byte is a 413. No active key closes the drop; the global caps answer 429.
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import request from 'supertest';
import { retireKey } from '../../../src/evidence/keys.repo.ts';
import { LIMITS } from '../../../src/evidence/intake.ts';
import { tr } from '../../browser/support/i18n.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { addOrganiserKey, evidenceFiles, makeOrganiserKey, markedPdf, receiptFrom, submit } from '../../support/evidence.ts';

const MB = 1024 * 1024;
const pdf = (size: number) => markedPdf(size, 'refusal-test-');
const exe = () => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(70_000, 1), Buffer.from('PE\0\0', 'latin1')]);

describe('evidence: refused submissions leave nothing behind', () => {
  let t: TestApp;
  let keyId: number;
  before(async () => {
    t = await buildTestApp({ workers: false });
    keyId = await addOrganiserKey(t.db, await makeOrganiserKey());
  });
  after(() => t.close());

  const counts = async () => ({
    reports: Number((await t.db('evidence_reports').count('* as n'))[0]!.n),
    parts: Number((await t.db('evidence_parts').count('* as n'))[0]!.n),
    files: evidenceFiles(t.deps.config.dataDir).length,
  });
  let baseline: Awaited<ReturnType<typeof counts>>;
  const expectNothingStored = async () => assert.deepEqual(await counts(), baseline, 'no row and no file (not even a partial) was left');
  before(async () => (baseline = await counts()));
  afterEach(async () => {
    baseline = await counts(); // a test that stores on purpose moves the baseline
  });

  it('a file of exactly 30 MB is taken; 30 MB + 1 byte is 413 with the form again, and 0 bytes left behind', async () => {
    const exact = await submit(t.app, { message: 'exact limit', files: [{ name: 'exact.pdf', bytes: pdf(LIMITS.fileBytes) }] });
    assert.equal(exact.status, 200);
    receiptFrom(exact.text);
    const stored = await counts();
    assert.equal(stored.files, baseline.files + 2);
    baseline = stored;

    const over = await submit(t.app, { message: 'kept message', files: [{ name: 'small.pdf', bytes: pdf(2000) }, { name: 'big-one.pdf', bytes: pdf(LIMITS.fileBytes + 1) }] });
    assert.equal(over.status, 413);
    assert.ok(over.text.includes(tr('en', 'evidence.errors.fileTooLarge', { name: 'big-one.pdf', megabytes: 30 })), 'names the file and the limit');
    assert.match(over.text, /<textarea[^>]*name="message"[^>]*>kept message<\/textarea>/, 'the message is kept');
    assert.match(over.text, /class="error-summary"/);
    await expectNothingStored();
  });

  it('a declared body larger than any valid submission is refused at once (413), before reading it', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(`POST /en/submit HTTP/1.1\r\nHost: localhost\r\nSec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: ${400 * MB}\r\n\r\n--x\r\n`);
        });
        let data = '';
        socket.on('data', (c) => (data += c.toString('latin1')));
        socket.on('close', () => resolve(data));
        socket.on('error', () => resolve(data));
      });
      assert.match(answer.split('\r\n')[0] ?? '', /^HTTP\/1\.1 413/);
      assert.match(answer, /Connection: close/i);
    } finally {
      server.close();
    }
    await expectNothingStored();
  });

  it('an 11th file: 422, “at most 10 files”, nothing stored (not even the first ten)', async () => {
    const files = Array.from({ length: LIMITS.files + 1 }, (_, i) => ({ name: `f${i}.pdf`, bytes: pdf(5000) }));
    const res = await submit(t.app, { message: 'eleven', files });
    assert.equal(res.status, 422);
    assert.ok(res.text.includes(tr('en', 'evidence.errors.tooManyFiles', { count: LIMITS.files })));
    await expectNothingStored();
  });

  it('a refused type (an executable) among accepted files: 422 naming it, nothing stored (not even the accepted one)', async () => {
    const res = await submit(t.app, { message: 'with a program', files: [{ name: 'ok.pdf', bytes: pdf(9000) }, { name: 'tool.exe', bytes: exe() }] });
    assert.equal(res.status, 422);
    assert.ok(res.text.includes(tr('en', 'evidence.errors.refusedType', { name: 'tool.exe' })));
    await expectNothingStored();
  });

  it('the type comes from the content, not the name: a program named .pdf is refused, a PDF named .txt is taken', async () => {
    const disguised = await submit(t.app, { message: 'x', files: [{ name: 'report.pdf', bytes: exe() }] });
    assert.equal(disguised.status, 422);
    await expectNothingStored();
    const renamed = await submit(t.app, { message: 'x', files: [{ name: 'notes.txt', bytes: pdf(3000) }] });
    assert.equal(renamed.status, 200);
  });

  it('plain UTF-8 text with no magic bytes is taken as text; binary noise is refused', async () => {
    const text = await submit(t.app, { files: [{ name: 'notes.txt', bytes: Buffer.from('Показания: 16 декабря 2011 года.\n'.repeat(5000), 'utf8') }] });
    assert.equal(text.status, 200);
    baseline = await counts();
    const noise = Buffer.alloc(100_000);
    for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 7919) % 256;
    const res = await submit(t.app, { message: 'x', files: [{ name: 'noise.bin', bytes: noise }] });
    assert.equal(res.status, 422);
    await expectNothingStored();
  });

  it('an empty file: 422 naming it, nothing stored', async () => {
    const res = await submit(t.app, { message: 'x', files: [{ name: 'empty.pdf', bytes: Buffer.alloc(0) }] });
    assert.equal(res.status, 422);
    assert.ok(res.text.includes(tr('en', 'evidence.errors.emptyFile', { name: 'empty.pdf' })));
    await expectNothingStored();
  });

  it('broken multipart (cut off mid-file, no boundary, not multipart at all): 400 with a translated message, nothing stored', async () => {
    const cut = '--XyZ\r\nContent-Disposition: form-data; name="message"\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n' + 'a'.repeat(90_000);
    const bodies: [string, string][] = [
      ['multipart/form-data; boundary=XyZ', cut],
      ['multipart/form-data', '--a\r\n\r\n'],
      ['application/x-www-form-urlencoded', 'message=hello'],
      ['multipart/form-data; boundary=XyZ', '--XyZ\r\nGarbage-Without-Colon\r\n\r\nx\r\n--XyZ--\r\n'],
    ];
    for (const [type, body] of bodies) {
      const res = await request(t.app).post('/ru/submit').set('Sec-Fetch-Site', 'same-origin').set('Content-Type', type).send(body);
      assert.equal(res.status, 400, `${type}: ${res.status}`);
      assert.ok(res.text.includes(tr('ru', 'evidence.errors.malformed')), 'in the visitor’s language');
      await expectNothingStored();
    }
  });

  it('neither a message nor a file: 422 asking for one; an overlong message: 422 with the limit', async () => {
    const empty = await submit(t.app, { message: '   ' });
    assert.equal(empty.status, 422);
    assert.ok(empty.text.includes(tr('en', 'evidence.errors.messageOrFile')));
    const long = await submit(t.app, { message: 'я'.repeat(10_001) });
    assert.equal(long.status, 422);
    assert.ok(long.text.includes(tr('en', 'evidence.errors.messageTooLong', { count: 10_000 })));
    await expectNothingStored();
  });

  it('a cross-site POST is refused (403) and stores nothing', async () => {
    const res = await request(t.app).post('/en/submit').set('Sec-Fetch-Site', 'cross-site').field('message', 'forged');
    assert.equal(res.status, 403);
    await expectNothingStored();
  });

  it('the global caps: once the hour’s reports are used up, a POST answers 429 and stores nothing', async () => {
    const limits = (await import('../../../src/evidence/evidence-deps.ts')).createEvidenceDeps(t.deps).limits;
    const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    await t.db('rate_limits').insert({ key: `${limits.perHour.name}:all`, points: limits.perHour.points, expire: hourStart + 3_600_000 }).onConflict('key').merge();
    const res = await submit(t.app, { message: 'one too many' });
    assert.equal(res.status, 429);
    assert.ok(res.text.includes(tr('en', 'evidence.busy.message')));
    await expectNothingStored();
    await t.db('rate_limits').where('key', 'like', 'evidence-%').delete();
  });

  it('with no active organiser key: the page says submissions are closed, and a POST (with a file) stores nothing', async () => {
    await retireKey(t.db, keyId, null, new Date());
    const page = await request(t.app).get('/pl/submit').expect(200);
    assert.ok(page.text.includes(tr('pl', 'evidence.closed.title')));
    assert.doesNotMatch(page.text, /enctype="multipart\/form-data"/, 'no form');
    const res = await submit(t.app, { path: '/pl/submit', message: 'nobody can read this', files: [{ name: 'a.pdf', bytes: pdf(200_000) }] });
    assert.equal(res.status, 409);
    assert.ok(res.text.includes(tr('pl', 'evidence.closed.message')));
    await expectNothingStored();
  });

  it('an expired key counts as no key', async () => {
    const expired = await makeOrganiserKey('Expired', { keyExpirationTime: 1, date: new Date(Date.now() - 3600_000) });
    const { insertKey } = await import('../../../src/evidence/keys.repo.ts');
    await insertKey(t.db, { fingerprint: expired.fingerprint.toLowerCase(), armored: expired.publicKey, label: 'Expired', algorithm: 'eddsa', createdAt: new Date(Date.now() - 3600_000), expiresAt: new Date(Date.now() - 3599_000) }, null);
    const res = await submit(t.app, { message: 'to an expired key' });
    assert.equal(res.status, 409);
    await expectNothingStored();
  });
});
