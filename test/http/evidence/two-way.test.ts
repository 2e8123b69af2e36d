// The source's side: the receipt shows the status and the organisers' replies (decrypted with the key the
// receipt opens) and lets the source add more; a wrong receipt shows nothing and is throttled for
// everyone; replies are readable with the receipt, and by the organisers, but not from the database.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createEvidenceDeps } from '../../../src/evidence/evidence-deps.ts';
import { partsOf, setStatus } from '../../../src/evidence/reports.repo.ts';
import { replyToSource } from '../../../src/evidence/reply-to-source.ts';
import { sealSourceSession } from '../../../src/evidence/source-session.ts';
import { tr } from '../../browser/support/i18n.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { makeAccount } from '../admin/support.ts';
import { addOrganiserKey, decryptWithOpenpgp, dumpAllTables, evidenceFiles, makeOrganiserKey, markedPdf, receiptFrom, sessionFrom, submit, type OrganiserKey } from '../../support/evidence.ts';

const REPLY = 'REPLY-SENTINEL-31f: Thank you. Can you say which unit the officers belonged to?';
const lookUp = (t: TestApp, receipt: string, lang = 'en') => request(t.app).post(`/${lang}/submit/status`).set('Sec-Fetch-Site', 'same-origin').type('form').send({ receipt });

describe('evidence: status, replies and additions with the receipt', () => {
  let t: TestApp;
  let key: OrganiserKey;
  let receipt: string;
  let reportId: string;
  let organiser: number;
  before(async () => {
    t = await buildTestApp({ workers: false });
    key = await makeOrganiserKey();
    await addOrganiserKey(t.db, key);
    organiser = (await makeAccount(t.deps, 'organiser')).id;
    receipt = receiptFrom((await submit(t.app, { path: '/kk/submit', message: 'first message', files: [{ name: 'a.pdf', bytes: markedPdf(4000, 'two-way-') }] }).expect(200)).text);
    reportId = (await t.db('evidence_reports').first<{ id: string }>('id'))!.id;
  });
  after(() => t.close());

  it('the receipt shows the status and, once an organiser replied, the reply (in the page only)', async () => {
    const fresh = await lookUp(t, receipt, 'kk');
    assert.equal(fresh.status, 200);
    assert.ok(fresh.text.includes(tr('kk', 'evidence.statuses.new')));
    assert.ok(fresh.text.includes(tr('kk', 'evidence.status.noReplies')));
    assert.match(String(fresh.headers['cache-control']), /no-store/);
    assert.equal(fresh.headers['set-cookie'], undefined);

    const evidence = createEvidenceDeps(t.deps);
    assert.deepEqual(await replyToSource(evidence, { reportId, text: REPLY, by: organiser }), { kind: 'sent' });
    await setStatus(t.db, reportId, 'in_review');
    const answered = await lookUp(t, `  1. ${receipt.toUpperCase().split(' ').join(',\n ')} `, 'kk'); // numbering, case, commas and line breaks are forgiven
    assert.equal(answered.status, 200);
    assert.ok(answered.text.includes(tr('kk', 'evidence.statuses.in_review')));
    assert.ok(answered.text.includes(REPLY.replace(/'/g, '&#39;')), 'the reply, decrypted with the receipt');
    const dump = await dumpAllTables(t.db);
    assert.equal(dump.includes('REPLY-SENTINEL'), false, 'the reply is stored only encrypted');
    for (const { file, bytes } of evidenceFiles(t.deps.config.dataDir).map((f) => ({ file: f, bytes: fs.readFileSync(`${t.deps.config.dataDir}/evidence/${f}`) }))) assert.equal(bytes.includes(Buffer.from('REPLY-SENTINEL')), false, file);
  });

  it('the organisers can read the reply too (it is encrypted to their keys as well)', async () => {
    const reply = (await partsOf(t.db, reportId)).find((p) => p.kind === 'reply')!;
    assert.equal(reply.replied_by, organiser);
    const text = await decryptWithOpenpgp(fs.readFileSync(`${t.deps.config.dataDir}/evidence/${reply.stored_name}`), key.privateKey);
    assert.ok(text.data.toString('utf8').includes(REPLY));
  });

  it('the source adds a message and a file with the page’s token; it is stored encrypted as the next parts', async () => {
    const status = await lookUp(t, receipt);
    const session = sessionFrom(status.text);
    assert.ok(session.length > 20);
    assert.equal(status.text.includes(reportId), false, 'the token does not show the report id');
    const before = (await partsOf(t.db, reportId)).length;
    const added = await submit(t.app, { path: '/en/submit/more', extraFields: { session }, message: 'ADDED-SENTINEL the unit was the special police regiment', files: [{ name: 'b.pdf', bytes: markedPdf(5000, 'more-') }] });
    assert.equal(added.status, 200);
    assert.ok(added.text.includes(tr('en', 'evidence.added.title')));
    const parts = await partsOf(t.db, reportId);
    assert.deepEqual(parts.slice(before).map((p) => p.kind), ['message', 'file']);
    const text = await decryptWithOpenpgp(fs.readFileSync(`${t.deps.config.dataDir}/evidence/${parts[before]!.stored_name}`), key.privateKey);
    assert.ok(text.data.toString('utf8').includes('ADDED-SENTINEL'));
    assert.ok(text.data.toString('utf8').includes('the source added to a report'));
    assert.equal((await dumpAllTables(t.db)).includes('ADDED-SENTINEL'), false);
    const again = await lookUp(t, receipt);
    assert.ok(again.text.includes(tr('en', 'evidence.status.sentMessages', { count: 2 })), 'the status page counts what was sent, without showing it');
  });

  it('a forged, damaged or expired token adds nothing and asks for the receipt again (403)', async () => {
    const before = (await partsOf(t.db, reportId)).length;
    const expired = sealSourceSession(t.deps.secrets.sourceSessionKey, reportId, new Date(Date.now() - 2 * 3600_000));
    for (const session of ['forged-token', expired, sealSourceSession(Buffer.alloc(32, 9), reportId, new Date())]) {
      const res = await submit(t.app, { path: '/en/submit/more', extraFields: { session }, message: 'should not be stored', files: [{ name: 'c.pdf', bytes: markedPdf(3000, 'nope-') }] });
      assert.equal(res.status, 403);
      assert.ok(res.text.includes(tr('en', 'evidence.errors.sessionExpired')));
    }
    assert.equal((await partsOf(t.db, reportId)).length, before);
    assert.equal(evidenceFiles(t.deps.config.dataDir).filter((f) => f.endsWith('.partial')).length, 0);
  });

  it('a wrong receipt shows nothing (the same answer for a valid-looking and a garbled one), and the site throttles lookups for everyone once 20 have failed', async () => {
    const { generateMnemonic } = await import('@scure/bip39');
    const { wordlist } = await import('@scure/bip39/wordlists/english.js');
    const wrongs = [generateMnemonic(wordlist, 128), 'not a receipt at all', receipt.split(' ').reverse().join(' ')];
    for (const wrong of wrongs) {
      const res = await lookUp(t, wrong);
      assert.equal(res.status, 422);
      assert.ok(res.text.includes(tr('en', 'evidence.errors.wrongReceipt')));
      assert.equal(res.text.includes(tr('en', 'evidence.status.repliesTitle')), false, 'nothing of any report');
      assert.equal(res.text.includes('name="session"'), false);
    }
    const limit = createEvidenceDeps(t.deps).limits.wrongReceipts;
    for (let i = wrongs.length; i < limit.points; i += 1) assert.equal((await lookUp(t, generateMnemonic(wordlist, 128))).status, 422);
    const throttled = await lookUp(t, generateMnemonic(wordlist, 128));
    assert.equal(throttled.status, 429);
    assert.ok(throttled.text.includes(tr('en', 'evidence.errors.throttled')));
    const right = await lookUp(t, receipt);
    assert.equal(right.status, 429, 'while throttled, even the right receipt waits: nothing is looked up');
    assert.equal(right.text.includes(REPLY), false);
    const rows = await t.db('rate_limits').where('key', 'like', 'evidence-receipt:%').select('key', 'points', 'expire');
    assert.equal(rows.length, 1, 'one counter for everyone, keyed by nothing about the visitor');
    assert.equal(rows[0].key, 'evidence-receipt:all');
    assert.equal(Number(rows[0].expire) % (15 * 60 * 1000), 0, 'its window is aligned to the clock: it tells no submission’s time');
  });
});
