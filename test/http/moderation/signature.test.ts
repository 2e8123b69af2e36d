// Moderation of one signature: invalidate (reason required, 422 with the error summary otherwise), restore,
// hide the public name. The counters, the API's count and the hearing report agree after each step;
// doing it twice changes once; a withdrawn signature cannot come back; every action is in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { buildConfirmedSignatures, buildPendingSignatures, petitionId } from '../../support/signatures.ts';
import { csrfOf, makeAccount, signedIn, type Browser } from '../admin/support.ts';
import { apiCount, countedRows, countersTotal, reportJson } from './support.ts';

describe('moderation of one signature', () => {
  let t: TestApp;
  let moderator: Browser;
  let organiser: Browser;
  let petition: number;
  const slug = 'zhanaozen-list';

  before(async () => {
    t = await buildTestApp({ workers: false });
    moderator = await signedIn(t.app, await makeAccount(t.deps, 'moderator'), new Date());
    organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), new Date());
    petition = await petitionId(t.deps);
  });
  after(() => t.close());

  async function act(id: string, action: 'invalidate' | 'restore' | 'hide', reason: string) {
    const page = await moderator.get(`/admin/petitions/${slug}/signatures/${id}`);
    assert.equal(page.status, 200);
    return moderator.post(`/admin/petitions/${slug}/signatures/${id}/${action}`, { reason, _csrf: csrfOf(page.text) });
  }

  it('invalidate then restore: counters, API and report total move together, the report lists the reason', async () => {
    const [id] = await buildConfirmedSignatures(t.deps, petition, [{ country: 'DE' }, { country: 'DE' }]);
    const before = await apiCount(t);
    const res = await act(id!, 'invalidate', 'Same person signed twice with two addresses');
    assert.equal(res.status, 303);
    assert.match(String(res.headers.location), /done=invalidated/);
    assert.equal((await t.db('signatures').where({ id }).first('validity')).validity, 'invalidated');
    assert.equal(await countersTotal(t, petition), await countedRows(t, petition));
    assert.equal(await apiCount(t), before - 1);
    const report = await reportJson(organiser);
    assert.equal(report.totals.confirmed, before - 1);
    assert.equal(report.method.countersCheck.matches, true);
    const recorded = report.method.invalidated.recorded.find((r) => r.action === 'invalidated' && r.reason === 'Same person signed twice with two addresses');
    assert.deepEqual(recorded && { times: recorded.times, signatures: recorded.signatures }, { times: 1, signatures: 1 });

    assert.equal((await act(id!, 'restore', 'Checked: two different people')).status, 303);
    assert.equal(await apiCount(t), before);
    assert.equal((await reportJson(organiser)).totals.confirmed, before);
    const entries = (await t.db('audit_log').where({ subject: `signature:${id}` }).orderBy('id').select('action', 'actor', 'details', 'reason')) as { action: string; actor: string; details: { petitionId: number }; reason: string }[];
    assert.deepEqual(entries.map((e) => [e.action, e.details.petitionId, e.reason]), [
      ['signature.invalidated', petition, 'Same person signed twice with two addresses'],
      ['signature.restored', petition, 'Checked: two different people'],
    ]);
    assert.ok(entries.every((e) => /^user:\d+$/.test(e.actor)));
  });

  it('invalidating twice counts once and logs once', async () => {
    const [id] = await buildConfirmedSignatures(t.deps, petition, [{ country: 'MT' }]);
    const before = await countersTotal(t, petition);
    await act(id!, 'invalidate', 'Spam');
    const second = await act(id!, 'invalidate', 'Spam');
    assert.match(String(second.headers.location), /done=unchanged/);
    assert.equal(await countersTotal(t, petition), before - 1);
    assert.equal(await t.db('audit_log').where({ subject: `signature:${id}`, action: 'signature.invalidated' }).count({ n: '*' }).first().then((r) => Number(r?.n)), 1);
  });

  it('without a reason: 422 with the error summary and nothing changed', async () => {
    const [id] = await buildConfirmedSignatures(t.deps, petition, [{ country: 'PL' }]);
    const res = await act(id!, 'invalidate', '   ');
    assert.equal(res.status, 422);
    assert.match(res.text, /class="error-summary"/);
    assert.match(res.text, /href="#reason">Give a reason\.</);
    assert.equal((await t.db('signatures').where({ id }).first('validity')).validity, 'valid');
  });

  it('a pending signature invalidated is not counted when it is confirmed later', async () => {
    const [id] = await buildPendingSignatures(t.deps, petition, [{ country: 'LU' }]);
    await t.db('signature_tokens').insert({ signature_id: id, purpose: 'confirm', token_hash: Buffer.alloc(32, 7), expires_at: new Date(Date.now() + 3_600_000) });
    assert.equal((await act(id!, 'invalidate', 'Bot wave')).status, 303);
    const { confirmByTokens } = await import('../../../src/petitions/signature.repo.ts');
    const before = await countersTotal(t, petition);
    await confirmByTokens(t.db, [Buffer.alloc(32, 7)], new Date());
    assert.equal((await t.db('signatures').where({ id }).first('state')).state, 'confirmed');
    assert.equal(await countersTotal(t, petition), before);
    assert.equal(await countersTotal(t, petition), await countedRows(t, petition));
  });

  it('a withdrawn signature is not restored into the counts', async () => {
    const [id] = await buildConfirmedSignatures(t.deps, petition, [{ country: 'PL' }]);
    await act(id!, 'invalidate', 'Doubtful');
    await t.db('signatures').where({ id }).update({ state: 'withdrawn', withdrawn_at: new Date(), email_hash: null, email_enc: null, name_enc: null, postcode_enc: null });
    const before = await countersTotal(t, petition);
    const res = await moderator.post(`/admin/petitions/${slug}/signatures/${id}/restore`, { reason: 'Try', _csrf: csrfOf((await moderator.get(`/admin/petitions/${slug}/moderation`)).text) });
    assert.match(String(res.headers.location), /done=unchanged/);
    assert.equal(await countersTotal(t, petition), before);
    assert.equal((await t.db('signatures').where({ id }).first('validity')).validity, 'invalidated');
  });

  it('an invalidated signature withdrawn by its signer is not taken off the counters a second time', async () => {
    const [id] = await buildConfirmedSignatures(t.deps, petition, [{ country: 'CY' }]);
    await t.db('signatures').where({ id }).update({ domain_hash: Buffer.alloc(32, 1) });
    await act(id!, 'invalidate', 'Doubtful');
    const before = await countersTotal(t, petition);
    const { sha256 } = await import('../../../src/lib/crypto.ts');
    const { withdrawSignature } = await import('../../../src/petitions/withdraw-signature.ts');
    const token = 'withdraw-token-for-an-invalidated-signature';
    await t.db('signature_tokens').insert({ signature_id: id, purpose: 'withdraw', token_hash: sha256(token), expires_at: new Date(Date.now() + 3_600_000) });
    assert.deepEqual(await withdrawSignature(t.deps, token), { kind: 'withdrawn' });
    assert.equal(await countersTotal(t, petition), before);
    assert.equal(await countersTotal(t, petition), await countedRows(t, petition));
    const row = (await t.db('signatures').where({ id }).first('state', 'domain_hash')) as { state: string; domain_hash: Buffer | null };
    assert.deepEqual(row, { state: 'withdrawn', domain_hash: null });
  });

  it('hides a public name: off the public list, still counted, audited', async () => {
    const [id] = await buildConfirmedSignatures(t.deps, petition, [{ country: 'PL', public: true, name: 'Offensive Name' }]);
    const page = await moderator.get(`/admin/petitions/${slug}/signatures/${id}`);
    assert.match(page.text, /Offensive Name/);
    const before = await countersTotal(t, petition);
    assert.equal((await act(id!, 'hide', 'Not a real name')).status, 303);
    const row = (await t.db('signatures').where({ id }).first('public', 'validity')) as { public: boolean; validity: string };
    assert.deepEqual(row, { public: false, validity: 'valid' });
    assert.equal(await countersTotal(t, petition), before);
    const entry = (await t.db('audit_log').where({ subject: `signature:${id}`, action: 'signature.name_hidden' }).first('details', 'reason')) as { details: unknown; reason: string };
    assert.deepEqual(entry, { details: { petitionId: petition }, reason: 'Not a real name' });
    assert.doesNotMatch(JSON.stringify(await t.db('audit_log').select('details')), /Offensive/);
  });

  it('the moderators’ list shows shortened IP hashes and public names only; the page is private', async () => {
    await buildConfirmedSignatures(t.deps, petition, [{ country: 'PL', name: 'Hidden Person' }]);
    const res = await moderator.get(`/admin/petitions/${slug}/moderation`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.doesNotMatch(res.text, /Hidden Person/);
    assert.doesNotMatch(res.text, /example\.net/);
  });

  it('organisers cannot moderate', async () => {
    const res = await organiser.get(`/admin/petitions/${slug}/moderation`);
    assert.equal(res.status, 403);
  });
});
