// Bulk moderation: by email domain (the typed domain hashed as at signing; older rows filled by the
// signatures:hash-domains command) and by IP hash (the shortened hash the page shows). The preview counts
// and changes nothing; the apply changes exactly those, with one audit entry whose details.count the
// hearing report sums; concurrent moderation of the same rows keeps the counters exact.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { sign } from '../../support/forms.ts';
import { buildConfirmedSignatures, petitionId } from '../../support/signatures.ts';
import { csrfOf, makeAccount, signedIn, type Browser } from '../admin/support.ts';
import { domainHash } from '../../../src/petitions/index.ts';
import { hashDomainsCommand } from '../../../src/moderation/hash-domains.cli.ts';
import { invalidateSignature, restoreSignature } from '../../../src/moderation/moderate-signature.ts';
import { applyBulk } from '../../../src/moderation/bulk-moderation.ts';
import type { CliContext } from '../../../src/cli/command.ts';
import { apiCount, countedRows, countersTotal, reportJson } from './support.ts';

describe('bulk moderation', () => {
  let t: TestApp;
  let moderator: Browser;
  let organiser: Browser;
  let petition: number;
  const base = '/admin/petitions/zhanaozen-list/moderation';

  before(async () => {
    t = await buildTestApp({ workers: false });
    moderator = await signedIn(t.app, await makeAccount(t.deps, 'moderator'), new Date());
    organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), new Date());
    petition = await petitionId(t.deps);
  });
  after(() => t.close());

  async function post(path: string, fields: Record<string, string>) {
    const page = await moderator.get(base);
    return moderator.post(`${base}/${path}`, { ...fields, _csrf: csrfOf(page.text) });
  }

  async function hashDomains(): Promise<string> {
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => void ((out += chunk.toString()), done()) });
    await hashDomainsCommand.run({ db: t.db, secrets: t.deps.secrets, out: sink } as unknown as CliContext, { options: {}, positional: [] });
    return out;
  }

  it('signing stores the keyed hash of the canonical email domain', async () => {
    assert.equal((await sign(t.app, { email: 'Someone@Mail.Example.COM' })).status, 303);
    await new Promise((resolve) => setImmediate(resolve));
    const row = (await t.db('signatures').whereNotNull('domain_hash').orderBy('id', 'desc').first('domain_hash')) as { domain_hash: Buffer };
    assert.deepEqual(row.domain_hash, domainHash(t.deps.secrets.lookupKey, 'mail.example.com'));
  });

  it('by domain: preview counts, apply invalidates those, report and API follow, restore brings them back', async () => {
    const spam = await buildConfirmedSignatures(t.deps, petition, Array.from({ length: 4 }, (_, i) => ({ email: `bot${i}@spam-domain.test`, country: i % 2 ? 'PL' : 'DE' })));
    await buildConfirmedSignatures(t.deps, petition, [{ email: 'honest@other.test' }]);
    assert.match(await hashDomains(), /domain hashes stored for \d+ signatures/);
    const before = await apiCount(t);

    const preview = await post('preview', { by: 'domain', value: 'SPAM-domain.test', action: 'invalidate', reason: 'Disposable bot domain' });
    assert.equal(preview.status, 200);
    assert.match(preview.text, /This will invalidate 4 signatures\./);
    assert.equal(await apiCount(t), before, 'the preview changes nothing');

    const applied = await moderator.post(`${base}/apply`, { by: 'domain', value: 'SPAM-domain.test', action: 'invalidate', reason: 'Disposable bot domain', _csrf: csrfOf(preview.text) });
    assert.equal(applied.status, 303);
    assert.match(String(applied.headers.location), /done=bulkInvalidated&count=4/);
    assert.equal(await t.db('signatures').whereIn('id', spam).where({ validity: 'invalidated' }).count({ n: '*' }).first().then((r) => Number(r?.n)), 4);
    assert.equal(await apiCount(t), before - 4);
    const report = await reportJson(organiser);
    assert.equal(report.totals.confirmed, await apiCount(t));
    const line = report.method.invalidated.recorded.find((r) => r.reason === 'Disposable bot domain');
    assert.deepEqual(line && { action: line.action, times: line.times, signatures: line.signatures }, { action: 'invalidated', times: 1, signatures: 4 });
    const entry = (await t.db('audit_log').where({ action: 'signatures.invalidated' }).orderBy('id', 'desc').first('details')) as { details: { petitionId: number; count: number; filter: { by: string; hash: string } } };
    assert.deepEqual(entry.details.filter, { by: 'domain', hash: domainHash(t.deps.secrets.lookupKey, 'spam-domain.test').toString('hex') });
    assert.doesNotMatch(JSON.stringify(entry), /spam-domain/);

    const restore = await post('apply', { by: 'domain', value: 'spam-domain.test', action: 'restore', reason: 'False alarm' });
    assert.match(String(restore.headers.location), /done=bulkRestored&count=4/);
    assert.equal(await apiCount(t), before);
    assert.equal((await reportJson(organiser)).totals.confirmed, before);
  });

  it('by IP hash: the page lists the shortened hash with its count, and the prefix selects the group', async () => {
    const ipHash = Buffer.alloc(32, 0xab);
    const ids = await buildConfirmedSignatures(t.deps, petition, [{}, {}, {}]);
    await t.db('signatures').whereIn('id', ids).update({ ip_hash: ipHash });
    const page = await moderator.get(base);
    assert.match(page.text, /<code>abababababab<\/code><\/th><td class="number">3<\/td>/);
    assert.doesNotMatch(page.text, /abababababababab/, 'never the whole hash');
    const preview = await post('preview', { by: 'ip', value: 'abababababab', action: 'invalidate', reason: 'One machine' });
    assert.match(preview.text, /This will invalidate 3 signatures\./);
    const before = await countersTotal(t, petition);
    await post('apply', { by: 'ip', value: 'abababababab', action: 'invalidate', reason: 'One machine' });
    assert.equal(await countersTotal(t, petition), before - 3);
    assert.equal(await countersTotal(t, petition), await countedRows(t, petition));
  });

  it('a bad form answers 422 with the error summary and the values kept', async () => {
    const res = await post('preview', { by: 'ip', value: 'not-a-hash', action: 'invalidate', reason: '' });
    assert.equal(res.status, 422);
    assert.match(res.text, /class="error-summary"/);
    assert.match(res.text, /href="#value"/);
    assert.match(res.text, /href="#reason"/);
    assert.match(res.text, /value="not-a-hash"/);
    assert.equal((await post('apply', { by: 'domain', value: 'example.org', action: 'invalidate', reason: '' })).status, 422);
  });

  it('concurrent moderation of the same rows keeps the counters exact', async () => {
    const ids = await buildConfirmedSignatures(t.deps, petition, Array.from({ length: 6 }, (_, i) => ({ email: `race${i}@race.test`, country: 'PL' })));
    await hashDomains();
    const before = await countersTotal(t, petition);
    const actor = 'user:1';
    const single = (id: string) => invalidateSignature(t.deps, { actor, petitionId: petition, signatureId: id, reason: 'race' });
    const bulk = () => applyBulk(t.deps, { actor, petitionId: petition, form: { by: 'domain', value: 'race.test', action: 'invalidate', reason: 'race' } });
    const results = await Promise.all([bulk(), bulk(), ...ids.map(single), ...ids.map(single), bulk()]);
    assert.equal(await countersTotal(t, petition), before - 6);
    assert.equal(await countersTotal(t, petition), await countedRows(t, petition));
    const bulkChanged = [results[0], results[1], results[results.length - 1]] as number[];
    const singles = results.slice(2, -1) as { kind: string }[];
    assert.equal(bulkChanged.reduce((a, b) => a + b, 0) + singles.filter((r) => r.kind === 'changed').length, 6, 'each row changed exactly once');

    const restores = await Promise.all([...ids, ...ids].map((id) => restoreSignature(t.deps, { actor, petitionId: petition, signatureId: id, reason: 'race back' })));
    assert.equal(restores.filter((r) => r.kind === 'changed').length, 6);
    assert.equal(await countersTotal(t, petition), before);
  });
});
