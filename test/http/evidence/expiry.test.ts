// The expiry job: reports whose last message is older than the organisers' period go, with their files,
// unless kept; half-written parts a crash left are finished or removed; ended cap windows are deleted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createEvidenceDeps } from '../../../src/evidence/evidence-deps.ts';
import { expireReports } from '../../../src/evidence/expire-reports.ts';
import { partsOf, setKeep } from '../../../src/evidence/reports.repo.ts';
import { setRetentionDays } from '../../../src/evidence/settings.repo.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { addOrganiserKey, evidenceFiles, makeOrganiserKey, markedPdf, submit } from '../../support/evidence.ts';

describe('evidence expiry', () => {
  let t: TestApp;
  const ids: string[] = [];
  before(async () => {
    t = await buildTestApp({ workers: false });
    await addOrganiserKey(t.db, await makeOrganiserKey());
    for (const message of ['old', 'old but kept', 'recent']) {
      await submit(t.app, { message, files: [{ name: 'a.pdf', bytes: markedPdf(3000, 'expiry-') }] }).expect(200);
      ids.push((await t.db('evidence_reports').whereNotIn('id', ids).first<{ id: string }>('id'))!.id);
    }
  });
  after(() => t.close());

  const age = (id: string, days: number) => t.db('evidence_reports').where({ id }).update({ received_on: t.db.raw(`current_date - ${days}`), last_activity_on: t.db.raw(`current_date - ${days}`) });

  it('deletes what is past the period (default 90 days) with its files, keeps what is marked to keep and what is recent', async () => {
    await age(ids[0]!, 90);
    await age(ids[1]!, 200);
    await setKeep(t.db, ids[1]!, true);
    await age(ids[2]!, 89);
    const oldFiles = (await partsOf(t.db, ids[0]!)).map((p) => p.stored_name);
    const report = await expireReports(createEvidenceDeps(t.deps));
    assert.equal(report.reports, 1);
    assert.equal(report.files, 2);
    const left = (await t.db('evidence_reports').select('id')).map((r: { id: string }) => r.id).sort();
    assert.deepEqual(left, [ids[1]!, ids[2]!].sort());
    const files = evidenceFiles(t.deps.config.dataDir);
    for (const name of oldFiles) assert.equal(files.includes(name), false, `${name} is deleted`);
    assert.equal(files.length, 4);
  });

  it('follows the organisers’ period', async () => {
    await setRetentionDays(t.db, 30);
    await age(ids[2]!, 30);
    assert.equal((await expireReports(createEvidenceDeps(t.deps))).reports, 1);
    assert.equal(Number((await t.db('evidence_reports').count('* as n'))[0]!.n), 1);
  });

  it('finishes a committed part a crash left half-renamed, removes an orphan partial, and deletes ended cap windows only', async () => {
    const evidence = createEvidenceDeps(t.deps);
    const [kept] = await partsOf(t.db, ids[1]!);
    fs.renameSync(evidence.store.finalPath(kept!.stored_name), evidence.store.partialPath(kept!.stored_name));
    const orphan = evidence.store.newName();
    fs.writeFileSync(evidence.store.partialPath(orphan), 'ciphertext of a request that died');
    const old = new Date(Date.now() - 7 * 3600_000);
    for (const name of [kept!.stored_name, orphan]) fs.utimesSync(evidence.store.partialPath(name), old, old);
    const fresh = evidence.store.newName();
    fs.writeFileSync(evidence.store.partialPath(fresh), 'a request still running');
    await t.db('rate_limits').where('key', 'like', 'evidence-%').delete(); // the submissions above spent the current windows
    await t.db('rate_limits').insert([
      { key: 'evidence-hour:all', points: 3, expire: Date.now() - 1000 },
      { key: 'evidence-day:all', points: 3, expire: Date.now() + 3600_000 },
      { key: 'sign-ip:someone', points: 1, expire: Date.now() - 1000 },
    ]);
    const report = await expireReports(evidence);
    assert.equal(report.partialsFinished, 1);
    assert.equal(report.partialsRemoved, 1);
    assert.equal(report.counters, 1);
    assert.ok(fs.existsSync(evidence.store.finalPath(kept!.stored_name)));
    assert.equal(fs.existsSync(evidence.store.partialPath(orphan)), false);
    assert.ok(fs.existsSync(evidence.store.partialPath(fresh)), 'a young partial belongs to a running request');
    const keys = (await t.db('rate_limits').select('key')).map((r: { key: string }) => r.key).sort();
    assert.deepEqual(keys, ['evidence-day:all', 'sign-ip:someone']);
  });
});
