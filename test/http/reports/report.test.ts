// The hearing report: its numbers equal the public API's for the same petition (signatures signed and
// confirmed through the real pages and mail, and hundreds more on chosen days); the integrity digest is
// the same on two runs, is recomputed here from the ledger by the documented format alone, and changes
// when moderation invalidates one signature; a period filters by the day of confirmation; the CSV has
// the member-state minimums; bad options get the form again (422); every report is in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { recomputeDigest, type LedgerEntry } from '../../support/ledger.ts';
import { pressLinkButton, sign } from '../../support/forms.ts';
import { linkIn } from '../../support/smtp.ts';
import { buildConfirmedSignatures, buildPendingSignatures, invalidateAsModeration, petitionId } from '../../support/signatures.ts';
import { makeAccount, signedIn, type Browser } from '../admin/support.ts';

const settle = () => new Promise((r) => setTimeout(r, 1100));
const SLUG = 'zhanaozen-list';

describe('hearing report', () => {
  let t: TestApp;
  let organiser: Browser;
  let petition: number;
  let factoryIds: string[];
  before(async () => {
    t = await buildTestApp();
    organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), new Date());
    petition = await petitionId(t.deps);
    // Through the real pages and mail: three signers confirm, one never does.
    for (const [email, country] of [['anna.report@example.org', 'PL'], ['jonas.report@example.org', 'DE'], ['aigul.report@example.org', 'KZ'], ['late.report@example.org', 'PL']] as const) {
      assert.equal((await sign(t.app, { email, country })).status, 303);
    }
    for (const email of ['anna.report@example.org', 'jonas.report@example.org', 'aigul.report@example.org']) {
      const [mail] = await t.smtp.waitForTo(email, 1);
      assert.equal((await pressLinkButton(t.app, linkIn(mail!, /\/en\/confirm\//))).status, 303);
    }
    // And on chosen days: 40 in Poland on 3 days, 25 in Malta, 4,320 short of its minimum, 30 in Kazakhstan, some flagged.
    const day = (d: string, h: number) => new Date(`2026-11-${d}T${String(h).padStart(2, '0')}:15:00Z`);
    factoryIds = await buildConfirmedSignatures(t.deps, petition, [
      ...Array.from({ length: 40 }, (_, i) => ({ country: 'PL', confirmedAt: day(['20', '21', '23'][i % 3]!, i % 24), flags: i < 4 ? ['disposable'] : [] })),
      ...Array.from({ length: 25 }, (_, i) => ({ country: 'MT', confirmedAt: day('21', i % 24) })),
      ...Array.from({ length: 30 }, (_, i) => ({ country: 'KZ', confirmedAt: day('22', i % 24), flags: i < 2 ? ['rate_ip', 'timing_too_fast'] : [] })),
    ]);
    await buildPendingSignatures(t.deps, petition, [{ country: 'FR' }, { country: 'FR' }]);
    await settle();
  });
  after(() => t.close());

  const api = async () => (await request(t.app).get(`/api/v1/petitions/${SLUG}`).expect(200)).body as { signatureCount: number; byCountry: Record<string, number> };
  const reportJson = async (query = '') => {
    const res = await organiser.get(`/admin/petitions/${SLUG}/report.json${query}`);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    return JSON.parse(res.text) as Record<string, any>;
  };

  it('counts what the public API counts, by country and in total; EU member states first with their minimums', async () => {
    const [report, count] = [await reportJson('?lang=en'), await api()];
    assert.equal(report.totals.confirmed, count.signatureCount);
    assert.equal(report.totals.confirmed, 98, '3 through the pages, 95 on chosen days; the pending ones are not counted');
    const byCountry: Record<string, number> = {};
    for (const row of [...report.byCountry.euMemberStates, ...report.byCountry.otherCountries]) if (row.signatures > 0) byCountry[row.country] = row.signatures;
    assert.deepEqual(byCountry, count.byCountry);
    assert.equal(report.byCountry.euMemberStates.length, 27, 'every member state, even without signatures');
    const pl = report.byCountry.euMemberStates.find((s: { country: string }) => s.country === 'PL');
    assert.deepEqual({ ...pl, name: undefined }, { country: 'PL', name: undefined, signatures: 41, seats: 53, eciStyleMinimum: 38_160, pastMinimum: false });
    assert.equal(report.byCountry.euMemberStates.find((s: { country: string }) => s.country === 'MT').eciStyleMinimum, 4320);
    assert.equal(report.byCountry.euMemberStates[0].country, 'PL', 'most signatures first');
    assert.deepEqual(report.byCountry.otherCountries.map((c: { country: string }) => c.country), ['KZ']);
    assert.equal(report.totals.euMemberStates + report.totals.otherCountries, report.totals.confirmed);
    assert.equal(report.totals.euMemberStates, 41 + 1 + 25);
    assert.equal(report.byDay.reduce((n: number, d: { signatures: number }) => n + d.signatures, 0), count.signatureCount);
    assert.equal(report.byDay.at(-1).cumulative, count.signatureCount);
    assert.deepEqual(report.byDay.slice(0, 4).map((d: { day: string }) => d.day), ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
    assert.equal(report.method.notCounted.pending, 3, 'the two pending on file and the one that never confirmed');
    assert.equal(report.method.countersCheck.matches, true);
    assert.match(report.method.notAnEci, /not a European citizens' initiative/);
    assert.match(report.method.deduplication, /canonical form/);
    const flags = Object.fromEntries(report.method.flaggedButCounted.flags.map((f: { flag: string; signatures: number }) => [f.flag, f.signatures]));
    assert.equal(flags.disposable, 4);
    assert.equal(flags.rate_ip, 2);
    assert.ok(flags.timing_too_fast >= 2, 'the factory ones, and the pages signed in under 3 s');
    assert.match(report.data.latestConfirmation, /^\d{4}-\d\d-\d\dT/);
  });

  it('the digest is stable, recomputed from the ledger by the documented format, and holds no personal data', async () => {
    const first = await reportJson('?include=ledger');
    const second = await reportJson('?include=ledger&lang=kk');
    assert.equal(first.digest.value, second.digest.value, 'the same data give the same digest (in any language, at any time)');
    assert.notEqual(first.generatedAt, undefined);
    assert.equal(first.ledger.length, first.totals.confirmed);
    assert.equal(recomputeDigest(first.ledger), first.digest.value);
    assert.deepEqual(first.ledger, [...first.ledger].sort((a: LedgerEntry, b: LedgerEntry) => (a.id < b.id ? -1 : 1)), 'in canonical order');
    for (const entry of first.ledger) {
      assert.deepEqual(Object.keys(entry), ['id', 'country', 'day']);
      assert.match(entry.id, /^[0-9a-f]{32}$/);
    }
    assert.equal(new Set(first.ledger.map((e: LedgerEntry) => e.id)).size, first.ledger.length, 'ids are unique');
    const rowIds = (await t.db('signatures').select('id')).map((r: { id: string }) => String(r.id));
    assert.ok(!first.ledger.some((e: LedgerEntry) => rowIds.includes(e.id) || /^0*\d{1,6}$/.test(e.id)), 'ids are not the database ids');
    assert.equal(first.digest.line, '<id>,<country>,<day>\\n');
    assert.match(first.digest.order, /ascending byte order/);
    assert.equal(first.digest.algorithm, 'SHA-256');
    assert.match(first.digest.ledger, /report\.json\?lang=en&include=ledger$/);
    const body = JSON.stringify(first);
    for (const secret of ['anna.report@example.org', 'Aigerim Test', 'Test Signer']) assert.ok(!body.includes(secret), `no ${secret} in the report`);
    const plain = await reportJson();
    assert.equal(plain.ledger, undefined, 'the ledger only when asked');
    assert.equal(plain.digest.value, first.digest.value);
  });

  it('one signature invalidated as moderation does it: the digest changes, the counts follow, the reason is given', async () => {
    const before = await reportJson('?include=ledger');
    await invalidateAsModeration(t.deps, factoryIds[5]!, 'Same person signed twice with two addresses');
    await settle();
    const after = await reportJson('?include=ledger');
    const count = await api();
    assert.notEqual(after.digest.value, before.digest.value);
    assert.equal(recomputeDigest(after.ledger), after.digest.value);
    assert.equal(after.totals.confirmed, before.totals.confirmed - 1);
    assert.equal(after.totals.confirmed, count.signatureCount, 'still the public count');
    const gone = before.ledger.filter((e: LedgerEntry) => !after.ledger.some((a: LedgerEntry) => a.id === e.id));
    assert.equal(gone.length, 1, 'exactly one line left the ledger; every other id stayed the same');
    assert.equal(after.method.invalidated.signatures, 1);
    assert.deepEqual(after.method.invalidated.recorded.map((r: { action: string; reason: string; signatures: number }) => [r.action, r.reason, r.signatures]), [['invalidated', 'Same person signed twice with two addresses', 1]]);
    assert.match(after.method.invalidated.text, /1 confirmed signature\./);
  });

  it('a period counts the signatures confirmed on those UTC days only', async () => {
    const report = await reportJson('?from=2026-11-21&to=2026-11-22&include=ledger');
    assert.deepEqual(report.byDay.map((d: { day: string }) => d.day), ['2026-11-21', '2026-11-22']);
    assert.equal(report.totals.confirmed, report.byDay.reduce((n: number, d: { signatures: number }) => n + d.signatures, 0));
    assert.ok(report.ledger.every((e: LedgerEntry) => e.day === '2026-11-21' || e.day === '2026-11-22'));
    assert.equal(recomputeDigest(report.ledger), report.digest.value);
    assert.equal(report.method.countersCheck.matches, null, 'no cross-check against all-time counters');
    assert.deepEqual(report.period, { from: '2026-11-21', to: '2026-11-22', text: report.period.text });
  });

  it('the CSV has the summary, every member state with its minimum, and the days; text cells are safe', async () => {
    const res = await organiser.get(`/admin/petitions/${SLUG}/report.csv?lang=pl`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="hearing-report-zhanaozen-list-\d{4}-\d\d-\d\d-pl\.csv"$/);
    const text = res.text;
    assert.ok(text.startsWith('\uFEFF'), 'a byte-order mark for spreadsheets');
    const json = await reportJson();
    const pl = json.byCountry.euMemberStates.find((s: { country: string }) => s.country === 'PL');
    assert.match(text, new RegExp(`\\r\\nPotwierdzone podpisy,${json.totals.confirmed}\\r\\n`));
    assert.match(text, new RegExp(`\\r\\nPolska,PL,${pl.signatures},53,38160,`));
    assert.match(text, /\r\nMalta,MT,25,6,4320,/);
    assert.match(text, /\r\n2026-11-22,\d+,\d+\r\n/);
    assert.doesNotMatch(text, /\r\n[=+\-@]/, 'no cell starts a formula');
  });

  it('bad options get the form again with the values kept (422); unknown petitions and formats 404', async () => {
    const bad = await organiser.get(`/admin/petitions/${SLUG}/report.pdf?lang=kk&from=2026-13-01&to=2026-11-01`);
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#from"/);
    assert.match(bad.text, /value="2026-13-01"/);
    assert.match(bad.text, /<option value="kk" lang="kk" selected>/);
    const order = await organiser.get(`/admin/petitions/${SLUG}/report.json?from=2026-11-22&to=2026-11-21`);
    assert.equal(order.status, 422);
    assert.match(order.text, /href="#to"/);
    assert.equal((await organiser.get(`/admin/petitions/${SLUG}/report.json?lang=xx`)).status, 422);
    assert.equal((await organiser.get(`/admin/petitions/${SLUG}/report.xml`)).status, 404);
    assert.equal((await organiser.get('/admin/petitions/no-such-petition/report.json')).status, 404);
    assert.equal((await organiser.get('/admin/petitions/no-such-petition/report')).status, 404);
    const page = await organiser.get(`/admin/petitions/${SLUG}/report`);
    assert.equal(page.status, 200);
    assert.match(page.text, /formaction="\/admin\/petitions\/zhanaozen-list\/report\.csv"/);
  });

  it('a moderator gets no report; each report made is in the audit log, without personal data', async () => {
    const moderator = await signedIn(t.app, await makeAccount(t.deps, 'moderator'), new Date());
    assert.equal((await moderator.get(`/admin/petitions/${SLUG}/report.json`)).status, 403);
    assert.equal((await moderator.get('/admin/reports')).status, 403);
    await reportJson('?lang=ru&from=2026-11-20');
    const entry = (await t.db('audit_log').where({ action: 'report.generated' }).orderBy('id', 'desc').first()) as { actor: string; subject: string; details: Record<string, unknown> };
    assert.match(entry.actor, /^user:\d+$/);
    assert.equal(entry.subject, `petition:${SLUG}`);
    assert.deepEqual({ ...entry.details, signatures: undefined, digest: undefined }, { format: 'json', lang: 'ru', from: '2026-11-20', to: null, ledger: false, signatures: undefined, digest: undefined });
    assert.match(String(entry.details.digest), /^[0-9a-f]{16}$/);
  });
});
