// The organisers' side of the drop, through the real admin area (login, roles, session token): the list of
// reports with coarse metadata only; the bundle, decrypted by GnuPG to the original bytes; status, reply,
// keep, retention and delete, each in the audit log; the keys page for admins (a private key is refused
// and never stored; retiring the last key closes the drop).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { formatFingerprint } from '../../../src/evidence/organiser-key.ts';
import { tr } from '../../browser/support/i18n.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { addOrganiserKey, evidenceFiles, gpgAvailable, gpgDecrypt, makeOrganiserKey, markedPdf, receiptFrom, submit, type OrganiserKey } from '../../support/evidence.ts';
import { makeAccount, movableClock, signedIn, type Account, type Browser } from '../admin/support.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const lookUp = (t: TestApp, receipt: string) => request(t.app).post('/en/submit/status').set('Sec-Fetch-Site', 'same-origin').type('form').send({ receipt });

describe('evidence: the organisers’ pages', () => {
  const clock = movableClock();
  let t: TestApp;
  let key: OrganiserKey;
  let organiser: Account;
  let admin: Account;
  let moderator: Account;
  let asOrganiser: Browser;
  let asAdmin: Browser;
  let receipt: string;
  let reportId: string;
  const file = markedPdf(2 * 1024 * 1024, 'organisers-test-');

  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    key = await makeOrganiserKey('Organiser One');
    await addOrganiserKey(t.db, key);
    [organiser, admin, moderator] = [await makeAccount(t.deps, 'organiser'), await makeAccount(t.deps, 'admin'), await makeAccount(t.deps, 'moderator')];
    asOrganiser = await signedIn(t.app, organiser, clock.now());
    clock.advance(30_000);
    asAdmin = await signedIn(t.app, admin, clock.now());
    receipt = receiptFrom((await submit(t.app, { message: 'SECRET-MESSAGE-for-organisers', files: [{ name: 'order-SECRET-NAME.pdf', bytes: file }] }).expect(200)).text);
    reportId = (await t.db('evidence_reports').first<{ id: string }>('id'))!.id;
  });
  after(() => t.close());

  const auditActions = async () => (await t.db('audit_log').where('subject', 'like', 'evidence-%').orderBy('id').select('action', 'actor', 'subject')) as { action: string; actor: string; subject: string }[];

  it('lists reports with the day, size, counts and status only; never the content or a name', async () => {
    const res = await asOrganiser.get('/admin/evidence');
    assert.equal(res.status, 200);
    assert.ok(res.text.includes(reportId.slice(0, 8)));
    assert.ok(res.text.includes(tr('en', 'evidence.admin.statuses.new')));
    assert.match(res.text, /messages: 1, files: 1, replies: 0/);
    for (const secret of ['SECRET-MESSAGE', 'SECRET-NAME', receipt]) assert.equal(res.text.includes(secret), false, secret);
    const page = await asOrganiser.get(`/admin/evidence/${reportId}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(formatFingerprint(key.fingerprint).slice(-19)), 'each part shows the key it is encrypted to');
    assert.equal(page.text.includes('SECRET-NAME'), false);
  });

  it('a moderator cannot see reports; an organiser cannot manage keys', async () => {
    const asModerator = await signedIn(t.app, moderator, clock.now());
    assert.equal((await asModerator.get('/admin/evidence')).status, 403);
    assert.equal((await asModerator.get(`/admin/evidence/${reportId}/bundle`)).status, 403);
    assert.equal((await asOrganiser.get('/admin/evidence-keys')).status, 403);
  });

  it('the bundle downloads as a tar (audit-logged) that GnuPG decrypts to the original file', { skip: gpgAvailable ? false : 'gpg not installed' }, async () => {
    const res = await request(t.app).get(`/admin/evidence/${reportId}/bundle`).set('Cookie', asOrganiser.cookieHeader()).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/x-tar');
    assert.match(String(res.headers['content-disposition']), new RegExp(`attachment; filename="?report-${reportId.slice(0, 8)}\\.tar"?`));
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const body = res.body as Buffer;
    assert.equal(Number(res.headers['content-length']), body.length);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dauys-bundle-admin-'));
    try {
      fs.writeFileSync(path.join(work, 'bundle.tar'), body);
      execFileSync('tar', ['-xf', 'bundle.tar'], { cwd: work });
      const folder = path.join(work, `report-${reportId.slice(0, 8)}`);
      const [text, bytes] = gpgDecrypt([path.join(folder, '001-message.gpg'), path.join(folder, '002-file.gpg')], key.privateKey);
      assert.ok(text!.toString().includes('SECRET-MESSAGE-for-organisers'));
      assert.ok(text!.toString().includes(sha256(file)));
      assert.equal(sha256(bytes!), sha256(file));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    assert.deepEqual((await auditActions()).at(-1), { action: 'evidence-report.downloaded', actor: `user:${organiser.id}`, subject: `evidence-report:${reportId}` });
  });

  it('status, reply and keep change through the forms, each audit-logged; the source sees the status and the reply', async () => {
    const page = `/admin/evidence/${reportId}`;
    assert.equal((await asOrganiser.submit(page, `${page}/status`, { status: 'in_review' })).status, 303);
    assert.equal((await asOrganiser.submit(page, `${page}/reply`, { reply: 'We received your files. Which unit were they from?' })).status, 303);
    assert.equal((await asOrganiser.submit(page, `${page}/keep`, { keep: 'on' })).status, 303);
    const report = await t.db('evidence_reports').where({ id: reportId }).first();
    assert.equal(report.status, 'in_review');
    assert.equal(report.keep, true);
    const actions = (await auditActions()).map((a) => a.action);
    for (const action of ['evidence-report.status-changed', 'evidence-report.replied', 'evidence-report.kept']) assert.ok(actions.includes(action), action);
    const source = await lookUp(t, receipt);
    assert.ok(source.text.includes(tr('en', 'evidence.statuses.in_review')));
    assert.ok(source.text.includes('Which unit were they from?'));
    const list = await asOrganiser.get('/admin/evidence');
    assert.ok(list.text.includes(tr('en', 'evidence.admin.kept')));
  });

  it('an empty reply is refused with the form again (422); a bad status too', async () => {
    const page = `/admin/evidence/${reportId}`;
    const empty = await asOrganiser.submit(page, `${page}/reply`, { reply: '   ' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /class="error-summary"/);
    assert.equal((await asOrganiser.submit(page, `${page}/status`, { status: 'published' })).status, 422);
  });

  it('organisers set the retention period (7 to 3650 days), audit-logged; a bad value is 422 with the value kept', async () => {
    assert.equal((await asOrganiser.submit('/admin/evidence', '/admin/evidence/settings', { retentionDays: '30' })).status, 303);
    assert.equal((await t.db('evidence_settings').first()).retention_days, 30);
    const bad = await asOrganiser.submit('/admin/evidence', '/admin/evidence/settings', { retentionDays: '5' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /name="retentionDays" type="text" value="5"/);
    assert.equal((await t.db('evidence_settings').first()).retention_days, 30);
    assert.ok((await auditActions()).some((a) => a.action === 'evidence-settings.updated'));
  });

  it('admins add a public key (fingerprint shown, audit-logged); a pasted private key is refused, not stored and not shown back', async () => {
    const second = await makeOrganiserKey('Organiser Two');
    const added = await asAdmin.submit('/admin/evidence-keys', '/admin/evidence-keys', { armored: second.publicKey });
    assert.equal(added.status, 303);
    const page = await asAdmin.get('/admin/evidence-keys');
    assert.ok(page.text.includes(formatFingerprint(second.fingerprint)));
    assert.ok((await auditActions()).some((a) => a.action === 'evidence-key.added' && a.subject === `evidence-key:${second.fingerprint.toLowerCase()}`));

    const third = await makeOrganiserKey('Careless');
    const before = await t.db('evidence_keys').count('* as n');
    const refused = await asAdmin.submit('/admin/evidence-keys', '/admin/evidence-keys', { armored: third.privateKey });
    assert.equal(refused.status, 422);
    assert.ok(refused.text.includes(tr('en', 'evidence.admin.keys.problems.private')));
    assert.equal(refused.text.includes('PRIVATE KEY'), false, 'the private key is not shown back');
    assert.deepEqual(await t.db('evidence_keys').count('* as n'), before);
    const dump = JSON.stringify(await t.db('evidence_keys').select()) + JSON.stringify(await t.db('audit_log').select());
    assert.equal(dump.includes('PRIVATE KEY'), false);

    const again = await asAdmin.submit('/admin/evidence-keys', '/admin/evidence-keys', { armored: second.publicKey });
    assert.equal(again.status, 422, 'the same key twice');
    const expired = await makeOrganiserKey('Old', { keyExpirationTime: 1, date: new Date(Date.now() - 3600_000) });
    assert.equal((await asAdmin.submit('/admin/evidence-keys', '/admin/evidence-keys', { armored: expired.publicKey })).status, 422);
  });

  it('retiring every key closes the drop (audit-logged); organisers delete a report with its files', async () => {
    for (const row of await t.db('evidence_keys').whereNull('retired_at').select('id')) {
      assert.equal((await asAdmin.submit('/admin/evidence-keys', `/admin/evidence-keys/${row.id}/retire`, {})).status, 303);
    }
    assert.ok((await request(t.app).get('/en/submit')).text.includes(tr('en', 'evidence.closed.title')));
    assert.ok((await auditActions()).some((a) => a.action === 'evidence-key.retired'));

    const page = `/admin/evidence/${reportId}`;
    assert.equal((await asOrganiser.submit(page, `${page}/delete`, { reason: 'test' })).status, 422, 'the box must be ticked');
    assert.equal((await asOrganiser.submit(page, `${page}/delete`, { confirm: 'on', reason: 'a duplicate' })).status, 303);
    assert.equal(await t.db('evidence_reports').where({ id: reportId }).first(), undefined);
    assert.deepEqual(evidenceFiles(t.deps.config.dataDir), []);
    assert.ok((await auditActions()).some((a) => a.action === 'evidence-report.deleted'));
    assert.equal((await lookUp(t, receipt)).status, 422, 'the receipt opens nothing any more');
  });
});
