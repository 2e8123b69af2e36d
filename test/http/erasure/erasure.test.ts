// Erasure on request: an admin finds what is stored about an address (any spelling of it), erases it,
// and then the address, the name and the postcode are nowhere in the database (every column of every
// table, bytea columns decrypted with the data key, and the address's keyed hash looked for too); the
// emails still queued for it never go out; the totals keep the signature, or lose it when asked (the
// sharded counters and the report agree with the API); the audit entry keeps a request id only; nobody
// but an admin can search or erase.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { decrypt, hmac } from '../../../src/lib/crypto.ts';
import { canonicalEmail } from '../../../src/petitions/index.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { sign } from '../../support/forms.ts';
import { buildConfirmedSignatures, petitionId } from '../../support/signatures.ts';
import { csrfOf, makeAccount, movableClock, signedIn, type Browser } from '../admin/support.ts';

const settle = () => new Promise((r) => setTimeout(r, 1100));

describe('erasure by email address', () => {
  const clock = movableClock();
  let t: TestApp;
  let admin: Browser;
  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    admin = await signedIn(t.app, await makeAccount(t.deps, 'admin'), clock.now());
    // A second petition with the same texts, so one address can have signed two petitions.
    const [second] = (await t.db('petitions').insert({ slug: 'second-petition', goal: 100, status: 'open' }).returning('id')) as { id: number }[];
    await t.db.raw(
      `insert into petition_translations (petition_id, lang, title, summary, addressee, body, asks, consent, updates_consent, consent_version, source_hash)
       select ?, lang, title, summary, addressee, body, asks, consent, updates_consent, consent_version, source_hash from petition_translations where petition_id = ?`,
      [second!.id, await petitionId(t.deps)],
    );
  });
  after(() => t.close());

  const api = async (slug = 'zhanaozen-list') => (await request(t.app).get(`/api/v1/petitions/${slug}`).expect(200)).body as { signatureCount: number };
  const post = async (path: string, fields: Record<string, string>) => admin.post(path, { ...fields, _csrf: csrfOf((await admin.get('/admin/erasure')).text) });
  const hashOf = (address: string) => hmac(t.deps.secrets.lookupKey, canonicalEmail(address)!);

  /** Every place the database still holds any of `needles` (in clear, encrypted, or as the keyed hash). */
  async function findEverywhere(needles: string[], hash: Buffer): Promise<string[]> {
    const columns = (await t.db('information_schema.columns').whereIn('table_schema', ['public', 'pgboss']).select('table_schema', 'table_name', 'column_name')) as { table_schema: string; table_name: string; column_name: string }[];
    const tables = [...new Set(columns.map((c) => `${c.table_schema}.${c.table_name}`))];
    const lower = needles.map((n) => n.toLowerCase());
    const hashForms = [hash.toString('hex'), hash.toString('base64'), hash.toString('base64url')];
    const hits: string[] = [];
    for (const table of tables) {
      const rows = (await t.db.raw(`select * from ${table.split('.').map((p) => `"${p}"`).join('.')}`)).rows as Record<string, unknown>[];
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue;
          const texts: string[] = [];
          if (Buffer.isBuffer(value)) {
            if (value.includes(hash)) hits.push(`${table}.${column}: the keyed hash`);
            texts.push(value.toString('utf8'));
            try {
              texts.push(decrypt(t.deps.secrets.encryptionKey, value));
            } catch {
              // not one of our ciphertexts
            }
          } else texts.push(typeof value === 'object' ? JSON.stringify(value) : String(value));
          for (const text of texts) {
            const l = text.toLowerCase();
            for (const needle of lower) if (l.includes(needle)) hits.push(`${table}.${column}: ${needle}`);
            for (const form of hashForms) if (text.includes(form)) hits.push(`${table}.${column}: the hash as text`);
          }
        }
      }
    }
    return hits;
  }

  it('finds and erases every signature of an address, in any spelling; queued mail never goes out; the totals keep them', async () => {
    const petition = await petitionId(t.deps);
    await buildConfirmedSignatures(t.deps, petition, [{ email: 'zhanar.erase@gmail.com', name: 'Zhanar Unforgettable', postcode: 'KZ-050000', updates: true, public: true, country: 'KZ' }]);
    await buildConfirmedSignatures(t.deps, petition, [{ email: 'bystander@example.org', name: 'Bystander Kept' }]);
    // Through the form: the other petition (pending, its confirmation queued) and a repeat of the first (an "already signed" email queued, the per-address mail limit spent).
    assert.equal((await sign(t.app, { email: 'Zhanar.Erase+second@GMAIL.com', name: 'Zhanar Unforgettable', postcode: 'KZ-050000', updates: true })).status, 303);
    const { openForm, signatureFields } = await import('../../support/forms.ts');
    const { agent, rendered } = await openForm(t.app, '/en/petitions/second-petition');
    await agent.post('/en/petitions/second-petition/signatures').type('form').send({ ...signatureFields({ email: 'ZhanarErase@gmail.com', name: 'Zhanar Unforgettable', postcode: 'KZ-050000' }), rendered }).expect(303);
    assert.ok(await t.db('rate_limits').where('key', `mail-address:${hashOf('zhanar.erase@gmail.com').toString('base64url')}`).first(), 'the mail limit was spent');
    await settle();
    const before = await api();

    const found = await post('/admin/erasure/find', { email: '  zhanar.erase+whatever@googlemail.com ' });
    assert.equal(found.status, 200);
    assert.match(found.text, /Signatures \(petitions\)<\/th><td class="number">2<\/td>/);
    for (const kind of [/Letters to MEPs \(requests and letters\)<\/th><td class="number">0</, /Donations<\/th><td class="number">0</, /Requests for one&#39;s own data \(links, waiting emails\)<\/th><td class="number">0</]) assert.match(found.text, kind, 'every hook is listed');
    const hash = found.text.match(/name="hash" value="([0-9a-f]{64})"/)?.[1];
    assert.equal(hash, hashOf('zhanar.erase@gmail.com').toString('hex'), 'the form carries the keyed hash, not the address');
    const erased = await post('/admin/erasure/erase', { hash: hash!, totals: 'keep', reason: 'Asked by email (zhanar.erase@gmail.com) on 1 December' });
    assert.equal(erased.status, 303);
    const requestId = String(erased.headers.location).match(/^\/admin\/erasure\?request=([0-9a-f-]{36})$/)?.[1];
    assert.ok(requestId, String(erased.headers.location));
    const done = await admin.get(String(erased.headers.location));
    assert.match(done.text, new RegExp(requestId!));
    assert.match(done.text, /<code>signatures<\/code>: 2/);

    // The queued emails (a confirmation and an "already signed") are sent by a worker now: none reaches the address.
    const worker = await t.instance({ workers: true });
    for (let i = 0; i < 100; i += 1) {
      const open = await t.db('pgboss.job').where('name', 'like', 'email-signature-%').whereIn('state', ['created', 'retry', 'active']).count<{ n: string }[]>('* as n');
      if (Number(open[0]!.n) === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const jobs = (await t.db('pgboss.job').where('name', 'like', 'email-signature-%').select('state')) as { state: string }[];
    assert.ok(jobs.length >= 2 && jobs.every((j) => j.state === 'completed'), `jobs done: ${JSON.stringify(jobs)}`);
    await worker.close();
    assert.equal(t.smtp.messages.filter((m) => /zhanar/i.test(JSON.stringify(m.to))).length, 0, 'no mail to the erased address');

    const hits = await findEverywhere(['zhanar.erase', 'zhanarerase', 'Unforgettable', 'KZ-050000'], hashOf('zhanar.erase@gmail.com'));
    assert.deepEqual(hits, [], 'the address, the name and the postcode are nowhere');
    assert.notDeepEqual(await findEverywhere(['Bystander Kept'], hashOf('bystander@example.org')), [], 'the scan does find data that is there');

    await settle();
    assert.equal((await api()).signatureCount, before.signatureCount, 'the totals keep the erased signature');
    const report = JSON.parse((await admin.get('/admin/petitions/zhanaozen-list/report.json')).text) as { totals: { confirmed: number } };
    assert.equal(report.totals.confirmed, before.signatureCount, 'and so does the hearing report');
    const entry = (await t.db('audit_log').where({ action: 'erasure-request.completed' }).first()) as { subject: string; details: Record<string, unknown>; reason: string };
    assert.equal(entry.subject, `erasure:${requestId}`);
    // Every registered kind is listed; only the signatures held anything for this address.
    const erasedKinds = Object.fromEntries(Object.entries(entry.details.erased as Record<string, number>).filter(([, n]) => n !== 0));
    assert.deepEqual({ ...entry.details, erased: erasedKinds }, { hashPrefix: hash!.slice(0, 8), erased: { signatures: 2 }, removedFromTotals: false });
    assert.equal(entry.reason, 'Asked by email ([email]) on 1 December');
    const again = await post('/admin/erasure/find', { email: 'zhanar.erase@gmail.com' });
    assert.match(again.text, /Nothing is stored about this address/);
  });

  it('removes the signatures from the totals when asked, in the same transaction as the erasure', async () => {
    const petition = await petitionId(t.deps);
    await buildConfirmedSignatures(t.deps, petition, [{ email: 'leaving@example.org', country: 'LT' }]);
    await settle();
    const before = await api();
    const found = await post('/admin/erasure/find', { email: 'Leaving@Example.org' });
    const hash = found.text.match(/name="hash" value="([0-9a-f]{64})"/)![1]!;
    assert.equal((await post('/admin/erasure/erase', { hash, totals: 'remove' })).status, 303);
    await settle();
    const after = await api();
    assert.equal(after.signatureCount, before.signatureCount - 1);
    const report = JSON.parse((await admin.get('/admin/petitions/zhanaozen-list/report.json')).text) as { totals: { confirmed: number }; method: { countersCheck: { matches: boolean } } };
    assert.equal(report.totals.confirmed, after.signatureCount);
    assert.equal(report.method.countersCheck.matches, true);
    assert.deepEqual(await findEverywhere(['leaving@example.org'], hashOf('leaving@example.org')), []);
    const entry = (await t.db('audit_log').where({ action: 'erasure-request.completed' }).orderBy('id', 'desc').first()) as { details: Record<string, unknown> };
    assert.equal(entry.details.removedFromTotals, true);
  });

  it('bad input gets the form again; only an admin can search or erase', async () => {
    assert.equal((await post('/admin/erasure/find', { email: 'not an address' })).status, 422);
    assert.equal((await post('/admin/erasure/erase', { hash: 'zz' })).status, 422);
    assert.equal((await post('/admin/erasure/erase', { hash: '0'.repeat(64) })).status, 422, 'nothing to erase');
    const petition = await petitionId(t.deps);
    await buildConfirmedSignatures(t.deps, petition, [{ email: 'protected@example.org' }]);
    for (const role of ['organiser', 'moderator'] as const) {
      const browser = await signedIn(t.app, await makeAccount(t.deps, role), clock.now());
      assert.equal((await browser.get('/admin/erasure')).status, 403);
      const token = csrfOf((await browser.get('/admin/account')).text);
      assert.equal((await browser.post('/admin/erasure/find', { email: 'protected@example.org', _csrf: token })).status, 403);
      assert.equal((await browser.post('/admin/erasure/erase', { hash: hashOf('protected@example.org').toString('hex'), totals: 'remove', _csrf: token })).status, 403);
    }
    assert.ok(await t.db('signatures').where({ email_hash: hashOf('protected@example.org') }).first(), 'still there');
    assert.equal(await t.db('audit_log').where({ action: 'erasure-request.searched' }).andWhere('actor', 'not like', 'user:%').first(), undefined);
  });
});
