// The organisers' list pages through the real admin area: a new entry from the form (values kept on an
// error), submitted for review by its author, who cannot approve it (the page says so, the POST is
// refused); a second organiser approves and it is public; an edit is a new version, every version shown;
// links to evidence reports for organisers only; every action in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { tr } from '../../browser/support/i18n.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { addOrganiserKey, makeOrganiserKey, receiptFrom, submit } from '../../support/evidence.ts';
import { csrfOf, makeAccount, movableClock, signedIn, type Browser } from '../admin/support.ts';

const FIELDS: Record<string, string> = {
  slug: 'yerlan-testov',
  nameOriginal: 'Ерлан Тестов',
  nameLatin: 'Yerlan Testov',
  nameCyrillic: 'Ерлан Тестов',
  category: 'persecution',
  sources: '2013-02-01 | A public report on the trial | https://example.org/trial\n | A statement without a link |',
  note: 'first draft',
  ...Object.fromEntries(['en', 'ru', 'kk', 'pl'].flatMap((l) => [[`position_${l}`, `Investigator (${l})`], [`institution_${l}`, `City police (${l})`], [`summary_${l}`, `What the sources say (${l}).`]])),
};

describe('the list: organisers’ pages', () => {
  const clock = movableClock();
  let t: TestApp;
  let alice: Browser;
  let bob: Browser;
  let entryId: number;
  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    alice = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), clock.now());
    bob = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), clock.now());
  });
  after(() => t.close());

  const audits = async () => ((await t.db('audit_log').where('action', 'like', 'list-entry.%').orderBy('id').select('action')) as { action: string }[]).map((r) => r.action);
  const post = async (browser: Browser, page: string, path: string, fields: Record<string, string>) => browser.post(path, { ...fields, _csrf: csrfOf((await browser.get(page)).text) });

  it('the list shows the default draft; a form with mistakes is 422 with the values kept and an error per field', async () => {
    const list = await alice.get('/admin/list');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes('Askhat Daulbayev'));
    assert.ok(list.text.includes(tr('en', 'list.admin.states.draft')));
    const bad = await post(alice, '/admin/list/new', '/admin/list', { ...FIELDS, slug: 'Bad Slug', sources: '2013-13-40 | x | y' });
    assert.equal(bad.status, 422);
    assert.ok(bad.text.includes(tr('en', 'list.admin.errors.slug')));
    assert.ok(bad.text.includes(tr('en', 'list.admin.errors.sourceDate', { line: 1 })));
    assert.ok(bad.text.includes('value="Ерлан Тестов"'), 'values kept');
  });

  it('creates an entry (a draft), which its author submits but cannot approve', async () => {
    const created = await post(alice, '/admin/list/new', '/admin/list', FIELDS);
    assert.equal(created.status, 303);
    entryId = Number(String(created.headers.location).match(/\/admin\/list\/(\d+)/)![1]);
    const page = `/admin/list/${entryId}`;
    assert.equal((await post(alice, page, `${page}/submit`, { version: '1' })).status, 303);
    const mine = await alice.get(page);
    assert.ok(mine.text.includes(tr('en', 'list.admin.ownVersion')), 'the page says another organiser must approve');
    assert.doesNotMatch(mine.text, new RegExp(`action="${page}/approve"`), 'and offers no approve button');
    const forced = await post(alice, page, `${page}/approve`, { version: '1' });
    assert.equal(forced.status, 409);
    assert.ok(forced.text.includes(tr('en', 'list.admin.errors.ownVersion')));
    await request(t.app).get('/en/list/yerlan-testov').expect(404);
  });

  it('a second organiser approves: the entry is public, with both sources', async () => {
    const page = `/admin/list/${entryId}`;
    assert.match((await bob.get(page)).text, new RegExp(`action="${page}/approve"`));
    assert.equal((await post(bob, page, `${page}/approve`, { version: '1' })).status, 303);
    const publicPage = await request(t.app).get('/en/list/yerlan-testov').expect(200);
    assert.ok(publicPage.text.includes('What the sources say (en).'));
    assert.ok(publicPage.text.includes('https://example.org/trial'));
    assert.ok(publicPage.text.includes('A statement without a link'));
  });

  it('an edit is a new version; the admin page shows every version, the public one the approved', async () => {
    const page = `/admin/list/${entryId}`;
    assert.equal((await post(bob, page, page, { ...FIELDS, summary_en: 'A corrected summary.', note: 'corrected' })).status, 303);
    const admin = await alice.get(page);
    assert.ok(admin.text.includes(tr('en', 'list.admin.versionSummary', { version: 2, date: '', author: '' }).split(',')[0]!));
    assert.ok(admin.text.includes('A corrected summary.') && admin.text.includes('What the sources say (en).'), 'both versions are shown');
    assert.ok((await request(t.app).get('/en/list/yerlan-testov')).text.includes('What the sources say (en).'), 'the public still sees version 1');
    // Bob wrote version 2, so Alice may approve it once Bob submits it.
    assert.equal((await post(bob, page, `${page}/submit`, { version: '2' })).status, 303);
    assert.equal((await post(alice, page, `${page}/approve`, { version: '2' })).status, 303);
    assert.ok((await request(t.app).get('/en/list/yerlan-testov')).text.includes('A corrected summary.'));
  });

  it('links an evidence report by its short id (organisers only, never public), and withdraws the entry', async () => {
    await addOrganiserKey(t.db, await makeOrganiserKey());
    clock.set(Date.now() + 1000); // the app's clock stood still since the start; the key was made just now
    receiptFrom((await submit(t.app, { message: 'evidence for the list' }).expect(200)).text);
    const reportId = (await t.db('evidence_reports').first<{ id: string }>('id'))!.id;
    const page = `/admin/list/${entryId}`;
    assert.equal((await post(alice, page, `${page}/reports`, { report: reportId.slice(0, 8) })).status, 303);
    assert.ok((await alice.get(page)).text.includes(`/admin/evidence/${reportId}`));
    for (const path of ['/en/list/yerlan-testov', '/api/v1/list', '/api/v1/list.csv']) assert.equal((await request(t.app).get(path)).text.includes(reportId.slice(0, 8)), false, `${path} never shows the link`);
    assert.equal((await post(alice, page, `${page}/reports`, { report: 'ffffffff' })).status, 409);
    assert.equal((await post(alice, page, `${page}/reports/${reportId}/remove`, {})).status, 303);
    assert.equal((await t.db('list_entry_reports').count('* as n'))[0]!.n, '0');
    assert.equal((await post(bob, page, `${page}/withdraw`, { note: 'a source was retracted' })).status, 303);
    await request(t.app).get('/en/list/yerlan-testov').expect(404);
  });

  it('every action is in the audit log', async () => {
    const actions = await audits();
    for (const action of ['list-entry.saved', 'list-entry.submitted', 'list-entry.approved', 'list-entry.report-linked', 'list-entry.report-unlinked', 'list-entry.withdrawn']) assert.ok(actions.includes(action), action);
    assert.equal(actions.filter((a) => a === 'list-entry.approved').length, 2);
  });
});
