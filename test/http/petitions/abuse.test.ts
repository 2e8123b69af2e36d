// Abuse defences flag instead of refusing, so attackers learn nothing, and flagged signatures still count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { sign } from '../../support/forms.ts';

const flagsOf = async (t: TestApp) => (await t.db('signatures').orderBy('id', 'desc').first('flags')).flags as string[];

describe('abuse defences', () => {
  let t: TestApp;
  let clockMs = Date.parse('2026-11-25T12:00:00Z');
  before(async () => (t = await buildTestApp({ workers: false, env: { TRUST_PROXY: 'loopback' }, clock: { now: () => new Date(clockMs) } })));
  after(() => t.close());

  it('a form sent under 3 seconds after it was shown is accepted and flagged', async () => {
    const res = await sign(t.app, { email: 'fast@example.org' });
    assert.equal(res.status, 303);
    assert.deepEqual(await flagsOf(t), ['timing_too_fast']);
  });

  it('a form sent after a human pause is not flagged; a forged render time is', async () => {
    const { openForm, signatureFields } = await import('../../support/forms.ts');
    const { agent, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    clockMs += 10_000;
    await agent.post('/en/petitions/zhanaozen-list/signatures').set('X-Forwarded-For', '203.0.113.9').type('form').send({ ...signatureFields({ email: 'human@example.org' }), rendered }).expect(303);
    assert.deepEqual(await flagsOf(t), []);
    await agent.post('/en/petitions/zhanaozen-list/signatures').type('form').send({ ...signatureFields({ email: 'forged@example.org' }), rendered: `${clockMs - 60_000}.AAAAAAAAAAAAAAAAAAAAAA` }).expect(303);
    assert.ok((await flagsOf(t)).includes('timing_unsigned'));
  });

  it('a disposable address is accepted and flagged; Proton and Tuta are not', async () => {
    await sign(t.app, { email: 'someone@mailinator.com' });
    assert.ok((await flagsOf(t)).includes('disposable'));
    for (const email of ['someone@proton.me', 'someone@tuta.com']) {
      const res = await sign(t.app, { email });
      assert.equal(res.status, 303);
      assert.equal((await flagsOf(t)).includes('disposable'), false, email);
    }
  });

  it('more than 10 signatures an hour from one network address are accepted but flagged, per address', async () => {
    const { openForm, signatureFields } = await import('../../support/forms.ts');
    const { agent, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    for (let i = 0; i < 12; i += 1) {
      await agent.post('/en/petitions/zhanaozen-list/signatures').set('X-Forwarded-For', '198.51.100.7').type('form').send({ ...signatureFields({ email: `same-ip-${i}@example-${i}.org` }), rendered }).expect(303);
    }
    const rows = await t.db('signatures').orderBy('id', 'desc').limit(12).select('flags');
    const limited = rows.filter((r) => (r.flags as string[]).includes('rate_ip')).length;
    assert.equal(limited, 2);
    await agent.post('/en/petitions/zhanaozen-list/signatures').set('X-Forwarded-For', '198.51.100.8').type('form').send({ ...signatureFields({ email: 'other-ip@example.org' }), rendered }).expect(303);
    assert.equal((await flagsOf(t)).includes('rate_ip'), false, 'another address is not affected');
    const stored = JSON.stringify(await t.db('signatures').select('*'));
    assert.equal(stored.includes('198.51.100.7'), false, 'no raw IP is stored');
    const limits = JSON.stringify(await t.db('rate_limits').select('*'));
    assert.equal(limits.includes('198.51.100.7'), false, 'no raw IP in the rate-limit table');
  });

  it('more than 100 signatures in 10 minutes from one small email domain are accepted but flagged; a large provider is exempt', async () => {
    const { openForm, signatureFields } = await import('../../support/forms.ts');
    const { agent, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    clockMs += 3_600_000; // a new hour for the per-IP counters
    const post = (email: string, i: number) =>
      agent.post('/en/petitions/zhanaozen-list/signatures').set('X-Forwarded-For', `10.9.${Math.floor(i / 200)}.${i % 200}`).type('form').send({ ...signatureFields({ email }), rendered }).expect(303);
    // In waves of 15, so some are written together (one statement counts a batch's takes in order).
    for (let wave = 0; wave < 7; wave += 1) await Promise.all(Array.from({ length: 15 }, (_, j) => wave * 15 + j).map((i) => post(`member-${i}@small-union.example`, i)));
    for (let wave = 0; wave < 7; wave += 1) await Promise.all(Array.from({ length: 15 }, (_, j) => wave * 15 + j).map((i) => post(`member.${i}@gmail.com`, 200 + i)));
    const { decrypt } = await import('../../../src/lib/crypto.ts');
    const rows = (await t.db('signatures').where('created_at', new Date(clockMs)).select('flags', 'email_enc')) as { flags: string[]; email_enc: Buffer }[];
    assert.equal(rows.length, 210);
    const flaggedDomains = rows.filter((r) => r.flags.includes('rate_domain')).map((r) => decrypt(t.deps.secrets.encryptionKey, r.email_enc).split('@')[1]);
    assert.deepEqual(flaggedDomains, Array(5).fill('small-union.example'), 'the 101st to 105th signature from the small domain, and none from the large provider');
    assert.equal(rows.filter((r) => r.flags.includes('rate_ip')).length, 0, 'each came from its own address');
  });

  it('signatures that arrive together are written together, and still counted one by one', async () => {
    const { openForm, signatureFields } = await import('../../support/forms.ts');
    const { agent, rendered } = await openForm(t.app, '/en/petitions/zhanaozen-list');
    const post = (email: string) =>
      agent.post('/en/petitions/zhanaozen-list/signatures').set('X-Forwarded-For', '198.51.100.20').type('form').send({ ...signatureFields({ email }), rendered });
    const emails = [...Array.from({ length: 14 }, (_, i) => `together-${i}@example-t${i}.org`), 'Twice@Example-Dup.org', 'twice@example-dup.org', 'TWICE@example-dup.org'];
    // Hold the IP's counter row, so the first write waits and the others gather behind it (on a fast
    // machine each could otherwise be written before the next arrives).
    const { hashIp } = await import('../../../src/web/ip-hash.ts');
    const counter = `sign-ip:${hashIp(t.deps.secrets.ipKey, '198.51.100.20', new Date(clockMs))!.toString('base64url')}`;
    const hold = await t.db.transaction();
    await hold.raw('insert into rate_limits (key, points, expire) values (?, 0, ?) on conflict (key) do update set points = rate_limits.points', [counter, clockMs + 3_600_000]);
    const sent = Promise.all(emails.map(post));
    await new Promise((r) => setTimeout(r, 500));
    await hold.commit();
    const answers = await sent;
    assert.deepEqual(new Set(answers.map((r) => r.status)), new Set([303]));
    assert.equal((await t.db('rate_limits').where({ key: counter }).first('points')).points, 17, 'the held counter is the one the signatures spent');

    const { ip_hash: ipHash } = (await t.db('signatures').orderBy('id', 'desc').first('ip_hash')) as { ip_hash: Buffer };
    const rows = (await t.db('signatures').where('ip_hash', ipHash).select('id', 'flags', t.db.raw('xmin::text as tx'))) as { id: string; flags: string[]; tx: string }[];
    assert.equal(rows.length, 15, '14 signers and one address written three ways: 15 signatures');
    assert.equal(rows.filter((r) => r.flags.includes('rate_ip')).length, 5, 'the 11th to 15th signature from one address are flagged');
    assert.ok(new Set(rows.map((r) => r.tx)).size < rows.length, 'several signatures share a transaction (group commit)');

    const jobs = (await t.db.raw(`select name, data from pgboss.job where name like 'email-signature-%' and exists (select 1 from jsonb_array_elements_text(data->'signatureIds') as j(id) join signatures s on s.id::text = j.id where s.ip_hash = ?)`, [ipHash])).rows as { name: string; data: { signatureIds: string[] } }[];
    assert.deepEqual(new Set(jobs.map((j) => j.name)), new Set(['email-signature-confirmation']), 'the repeats of a pending address get the confirmation again');
    const key = (ids: string[]) => [...ids].sort().join(',');
    const jobKeys = new Set(jobs.map((j) => key(j.data.signatureIds)));
    const byTx = new Map<string, string[]>();
    for (const r of rows) byTx.set(r.tx, [...(byTx.get(r.tx) ?? []), r.id]);
    for (const ids of byTx.values()) assert.ok(jobKeys.has(key(ids)), 'the signatures one transaction stored share one email job');
    const listed = jobs.flatMap((j) => j.data.signatureIds);
    assert.deepEqual(new Set(listed), new Set(rows.map((r) => r.id)), 'every signature is named by a job');
    const counted = new Map<string, number>();
    for (const id of listed) counted.set(id, (counted.get(id) ?? 0) + 1);
    const times = [...counted.values()].sort((a, b) => b - a);
    assert.ok(times[0]! <= 3 && times[1] === 1, 'the address written three ways is named at most three times, every other signature once');
  });
});
