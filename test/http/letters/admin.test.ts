// The organisers' letter pages: the dashboard warns about a prisoners list not reviewed for 90 days;
// settings, targets, texts, the prisoners list and MEPs' positions (with source and date) are edited,
// each change audit-logged, bad input a 422 with the values kept; the public side follows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { csrfOf, makeAccount, movableClock, signedIn, type Account, type Browser } from '../admin/support.ts';
import { letterBody, postLetters, sittingMeps } from '../../support/letters.ts';

const SLUG = 'zhanaozen-epca';
const CACHE_MS = 5200; // campaigns are cached for five seconds per instance

describe('organisers’ letter pages', () => {
  const clock = movableClock(new Date('2026-12-02T09:00:00Z').getTime());
  let t: TestApp;
  let organiser: Account;
  let browser: Browser;
  const audits = async (action: string) => t.db('audit_log').where({ action }).select('actor', 'subject', 'details', 'reason');
  const submit = async (page: string, path: string, fields: Record<string, string>) => browser.post(path, { ...fields, _csrf: csrfOf((await browser.get(page)).text) });

  before(async () => {
    t = await buildTestApp({ workers: false, clock });
    organiser = await makeAccount(t.deps, 'organiser');
    browser = await signedIn(t.app, organiser, clock.now());
  });
  after(() => t.close());

  it('the dashboard warns that the prisoners list (as of 2015) has never been reviewed; marking it reviewed clears the warning', async () => {
    const page = await browser.get('/admin/letters');
    assert.equal(page.status, 200);
    assert.match(page.text, /Review the prisoners list of/);
    assert.match(page.text, /It has never been reviewed; its oldest information is as of 16 December 2015/);
    const done = await submit(`/admin/letters/${SLUG}`, `/admin/letters/${SLUG}/reviewed`, { reason: 'checked the sources, see mail of jan@example.org' });
    assert.equal(done.status, 303);
    assert.doesNotMatch((await browser.get('/admin/letters')).text, /Review the prisoners list of/);
    const [entry] = await audits('prisoners.reviewed');
    assert.equal(entry?.actor, `user:${organiser.id}`);
    assert.equal(entry?.reason, 'checked the sources, see mail of [email]');
    await t.db('letter_campaigns').update({ prisoners_reviewed_at: new Date(clock.now().getTime() - 90 * 24 * 3600 * 1000) });
    assert.match((await browser.get('/admin/letters')).text, /It was last reviewed 90 days ago/);
    await t.db('letter_campaigns').update({ prisoners_reviewed_at: new Date(clock.now().getTime() - 89 * 24 * 3600 * 1000) });
    assert.doesNotMatch((await browser.get('/admin/letters')).text, /Review the prisoners list of/);
  });

  it('a moderator may not open these pages', async () => {
    const moderator = await makeAccount(t.deps, 'moderator');
    const other = await signedIn(t.app, moderator, clock.now());
    assert.equal((await other.get('/admin/letters')).status, 403);
  });

  it('settings: bad values are a 422 with the values kept; closing the campaign closes the public tool', async () => {
    const bad = await submit(`/admin/letters/${SLUG}`, `/admin/letters/${SLUG}/settings`, { status: 'open', maxMeps: '99', perMepHourly: 'six' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /value="99"/);
    assert.match(bad.text, /value="six"/);
    assert.match(bad.text, /href="#maxMeps"[^]*href="#perMepHourly"/);
    const ok = await submit(`/admin/letters/${SLUG}`, `/admin/letters/${SLUG}/settings`, { status: 'closed', maxMeps: '3', perMepHourly: '4' });
    assert.equal(ok.status, 303);
    const row = await t.db('letter_campaigns').where({ slug: SLUG }).first('status', 'max_meps', 'per_mep_hourly', 'closed_at');
    assert.deepEqual({ ...row, closed_at: Boolean(row.closed_at) }, { status: 'closed', max_meps: 3, per_mep_hourly: 4, closed_at: true });
    const [entry] = await audits('letter_campaign.settings_changed');
    assert.deepEqual(entry?.details, { before: { status: 'open', maxMeps: 5, perMepHourly: 6 }, after: { status: 'closed', maxMeps: 3, perMepHourly: 4 } });
    await new Promise((r) => setTimeout(r, CACHE_MS));
    assert.match((await request(t.app).get('/en/letters').expect(200)).text, /This letter campaign is closed/, 'the newest campaign, shown closed');
    assert.doesNotMatch((await request(t.app).get('/en/').expect(200)).text, /act-letters-title/, 'no call to write on the home page');
    assert.match((await request(t.app).get(`/en/letters?campaign=${SLUG}`)).text, /This letter campaign is closed/);
    await submit(`/admin/letters/${SLUG}`, `/admin/letters/${SLUG}/settings`, { status: 'open', maxMeps: '5', perMepHourly: '6' });
  });

  it('targets: unknown codes are refused; a campaign limited to one delegation lists only its members', async () => {
    const bad = await submit(`/admin/letters/${SLUG}`, `/admin/letters/${SLUG}/targets`, { countries: 'PL XX', bodies: '', keyBodies: 'DCAS', meps: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /value="PL XX"/);
    const ok = await submit(`/admin/letters/${SLUG}`, `/admin/letters/${SLUG}/targets`, { countries: '', bodies: '', keyBodies: 'DCAS', meps: '' });
    assert.equal(ok.status, 303);
    await new Promise((r) => setTimeout(r, CACHE_MS));
    const [outsider] = sittingMeps({ country: 'PL' }).filter((m) => !(m.delegations ?? []).includes('DCAS'));
    const refused = await postLetters(t.app, '/en/letters/drafts', letterBody({ meps: [outsider!.id] }));
    assert.equal(refused.status, 422, 'an MEP outside the targets cannot be written to');
    const [member] = sittingMeps({ body: 'DCAS' });
    await postLetters(t.app, '/en/letters/drafts', letterBody({ meps: [member!.id] })).expect(200);
    const all = (await import('../../../src/meps/index.ts')).EU_COUNTRIES.join(' ');
    await submit(`/admin/letters/${SLUG}`, `/admin/letters/${SLUG}/targets`, { countries: all, bodies: '', keyBodies: 'AFET DROI INTA DCAS', meps: '' });
    assert.equal((await audits('letter_campaign.targets_changed')).length, 2);
  });

  it('texts: a template with an unknown or missing placeholder is a 422; a saved text is what the letters say', async () => {
    const page = await browser.get(`/admin/letters/${SLUG}/texts/en`);
    assert.equal(page.status, 200);
    const body = page.text.match(/<textarea class="field__input admin-textarea" id="body" name="body" rows="24">([^<]*)<\/textarea>/)?.[1]?.replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&#34;/g, '"');
    assert.ok(body?.includes('{{personal}}'));
    const fields = (b: string) => ({ title: 'Write to MEPs', intro: 'An introduction [1].', subject: 'About the EPCA', body: b, salutationFemale: 'Dear Ms {{familyName}},', salutationMale: 'Dear Mr {{familyName}},', salutationNeutral: 'Dear {{fullName}},', sources: 'Open Dialog Foundation statement of 16 December 2015' });
    const bad = await browser.post(`/admin/letters/${SLUG}/texts/en`, { ...fields(body!.replace('{{prisoners}}', '{{prisonerz}}')), _csrf: csrfOf(page.text) });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /The template is not right: unknown placeholder \{\{prisonerz\}\}/);
    assert.ok(bad.text.includes('{{prisonerz}}'), 'the value is kept');
    const changed = body!.replace('Thank you for your reply.', 'I look forward to your answer.');
    const ok = await browser.post(`/admin/letters/${SLUG}/texts/en`, { ...fields(changed), _csrf: csrfOf(page.text) });
    assert.equal(ok.status, 303);
    await new Promise((r) => setTimeout(r, CACHE_MS));
    const [mep] = sittingMeps({ country: 'DE' });
    const drafts = await postLetters(t.app, '/en/letters/drafts', letterBody({ meps: [mep!.id] })).expect(200);
    assert.match(drafts.text, /I look forward to your answer\./);
    const stored = await t.db('letter_campaign_translations').where({ lang: 'en' }).first('edited_at', 'subject_template');
    assert.ok(stored.edited_at, 'marked edited: the default content will not overwrite it');
    assert.equal(stored.subject_template, 'About the EPCA');
    assert.equal((await audits('letter_campaign.text_edited'))[0]?.details.lang, 'en');
  });

  it('prisoners: an entry added with its date and source is named in every letter; bad dates and addresses are a 422', async () => {
    const fields: Record<string, string> = { ref: 'test-person', since: '', asOf: '2026-11-30', sourceUrl: 'https://example.org/report' };
    for (const l of ['en', 'ru', 'kk', 'pl']) Object.assign(fields, { [`${l}_name`]: `Test Person ${l}`, [`${l}_sentence`]: 'sentenced in a test', [`${l}_status`]: 'in a test', [`${l}_sourceLabel`]: 'a test report' });
    const bad = await submit(`/admin/letters/${SLUG}/prisoners/new`, `/admin/letters/${SLUG}/prisoners`, { ...fields, asOf: '2026-02-30', sourceUrl: 'javascript:alert(1)' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#asOf"[^]*href="#sourceUrl"/);
    assert.match(bad.text, /value="Test Person kk"/);
    const ok = await submit(`/admin/letters/${SLUG}/prisoners/new`, `/admin/letters/${SLUG}/prisoners`, fields);
    assert.equal(ok.status, 303);
    await new Promise((r) => setTimeout(r, CACHE_MS));
    const [polish] = sittingMeps({ country: 'PL' });
    const drafts = await postLetters(t.app, '/pl/letters/drafts', letterBody({ meps: [polish!.id] })).expect(200);
    assert.match(drafts.text, /Test Person pl, sentenced in a test; in a test \(stan na 30 listopada 2026; źródło: a test report\)/);
    assert.match(drafts.text, /Władimir Kozłow/, 'the default entry stays');
    const [entry] = await audits('prisoner.created');
    assert.equal(entry?.details.ref, 'test-person');
  });

  it('positions: recorded with a source and a date (not in the future), audit-logged, and shown on the map', async () => {
    const [mep] = sittingMeps({ country: 'MT' });
    const page = `/admin/letters/${SLUG}/positions/${mep!.id}`;
    assert.equal((await browser.get(`/admin/letters/${SLUG}/positions?country=MT`)).status, 200);
    const future = await submit(page, page, { position: 'supports', sourceLabel: 'Reply to a supporter', sourceUrl: '', statedOn: '2099-01-01' });
    assert.equal(future.status, 422);
    assert.match(future.text, /value="Reply to a supporter"/);
    const missing = await submit(page, page, { position: 'maybe', sourceLabel: '', sourceUrl: '', statedOn: '2026-11-20' });
    assert.equal(missing.status, 422);
    const ok = await submit(page, page, { position: 'supports', sourceLabel: 'Reply to a supporter', sourceUrl: 'https://example.org/reply', statedOn: '2026-11-20' });
    assert.equal(ok.status, 303);
    const [entry] = await audits('mep_position.recorded');
    assert.deepEqual(entry?.details, { campaign: SLUG, before: null, after: 'supports', statedOn: '2026-11-20' });
    assert.equal(entry?.subject, `mep:${mep!.id}`);
    await new Promise((r) => setTimeout(r, 2100));
    const map = await request(t.app).get('/en/letters/map').expect(200);
    assert.match(map.text.replace(/&amp;/g, '&'), new RegExp(`${mep!.fullName} \\([^)]+\\): Supports`));
    await submit(page, `${page}/delete`, {});
    assert.equal((await audits('mep_position.removed')).length, 1);
  });
});
