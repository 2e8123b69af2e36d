// A petition's dashboard: the four states, created and confirmed per day with the confirmation rate, the
// chart and the map as inline SVG, the countries and the member states against their minimums (with
// how many are past); roles; the public member-state table switched on by an organiser (audited).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { buildConfirmedSignatures, buildPendingSignatures, invalidateAsModeration, petitionId } from '../../support/signatures.ts';
import { csrfOf, makeAccount, signedIn, type Browser } from '../admin/support.ts';
import { dashboardPanels } from '../../../src/dashboard/index.ts';
import { sign } from '../../support/forms.ts';

const PAGE = '/admin/petitions/zhanaozen-list/dashboard';
const day = (d: number, hour = 10) => new Date(Date.UTC(2026, 10, d, hour));

describe('petition dashboard', () => {
  let t: TestApp;
  let organiser: Browser;
  let moderator: Browser;
  let petition: number;

  before(async () => {
    t = await buildTestApp({ workers: false });
    organiser = await signedIn(t.app, await makeAccount(t.deps, 'organiser'), new Date());
    moderator = await signedIn(t.app, await makeAccount(t.deps, 'moderator'), new Date());
    petition = await petitionId(t.deps);
    // Malta reaches its minimum (6 seats × 720 = 4,320); 3 in Poland on 20 Nov, 2 in Kazakhstan on 22 Nov.
    await buildConfirmedSignatures(t.deps, petition, Array.from({ length: 4320 }, () => ({ country: 'MT', confirmedAt: day(21) })));
    await buildConfirmedSignatures(t.deps, petition, [{ country: 'PL', confirmedAt: day(20) }, { country: 'PL', confirmedAt: day(20) }, { country: 'PL', confirmedAt: day(20) }, { country: 'KZ', confirmedAt: day(22) }, { country: 'KZ', confirmedAt: day(22) }]);
    const [bad] = await buildConfirmedSignatures(t.deps, petition, [{ country: 'PL', confirmedAt: day(20) }]);
    await invalidateAsModeration(t.deps, bad!, 'test');
    await buildPendingSignatures(t.deps, petition, [{ country: 'DE' }, { country: 'DE' }]);
  });
  after(() => t.close());

  it('shows the states, the per-day table, the SVG chart and map, the countries and the member states', async () => {
    const res = await organiser.get(PAGE);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const text = res.text.replace(/\s+/g, ' ');
    assert.match(text, /<dt>Confirmed \(counted\)<\/dt><dd>4,325<\/dd>/);
    assert.match(text, /<dt>Awaiting confirmation<\/dt><dd>2<\/dd>/);
    assert.match(text, /<dt>Invalidated by moderation<\/dt><dd>1<\/dd>/);
    assert.match(text, /<dt>Withdrawn or erased<\/dt><dd>0<\/dd>/);
    // 20 Nov: 4 signed (a minute before confirmation), 3 of them counted, one invalidated.
    assert.match(text, /<th scope="row">20 Nov 2026<\/th><td class="number">4<\/td><td class="number">3<\/td><td class="number">75%<\/td>/);
    assert.match(text, /<th scope="row">21 Nov 2026<\/th><td class="number">4,320<\/td><td class="number">4,320<\/td><td class="number">100%<\/td>/);
    assert.match(res.text, /<svg class="dashboard-chart"[^>]* role="img" aria-labelledby="chart-title chart-desc"/);
    assert.match(res.text, /<svg class="dashboard-map"[^>]* role="img"/);
    assert.match(res.text, /<title>Malta: 4,320 signatures<\/title>/);
    assert.match(res.text, /<title>[^<]*Luxembourg: 0 signatures<\/title>/, 'countries-50m: Luxembourg is on the map');
    assert.match(text, /<th scope="row">Malta \(MT\)<\/th><td class="number">4,320<\/td>/);
    assert.match(text, /1 of 27 member states is past its minimum\./);
    assert.match(text, /Germany \(DE\)<\/th> <td class="number">0<\/td> <td class="number">69,120<\/td>/);
    assert.match(res.text, /href="\/admin\/petitions\/zhanaozen-list\/report\.csv\?lang=en"/);
    assert.doesNotMatch(res.text, /<script(?! src="\/js\/enhance\.js")/, 'no chart script');
  });

  it('signing counts the signature as made today, in the batch statement; a duplicate is not counted', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const made = async () => Number(((await t.db('signature_created_counts').where({ petition_id: petition }).whereRaw('day = ?::date', [today]).first(t.db.raw('coalesce(sum(n), 0)::int as n'))) as { n: number }).n);
    const before = await made();
    assert.equal((await sign(t.app, { email: 'made.today@example.org' })).status, 303);
    assert.equal((await sign(t.app, { email: 'Made.Today@example.org' })).status, 303);
    assert.equal(await made(), before + 1);
  });

  it('is in every language', async () => {
    for (const [lang, words] of [['ru', /Подтверждённые \(учитываются\)/], ['kk', /Расталған \(есептеледі\)/], ['pl', /Potwierdzone \(liczone\)/], ['en', /Confirmed \(counted\)/]] as const) {
      assert.equal((await organiser.get(`/admin/language/${lang}?next=${encodeURIComponent(PAGE)}`)).status, 303);
      const res = await organiser.get(PAGE);
      assert.match(res.text, new RegExp(`<html lang="${lang}"`));
      assert.match(res.text, words);
    }
  });

  it('moderators read it without the switch; the petition list links to it', async () => {
    const res = await moderator.get(PAGE);
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /member-states" class="admin-actions"/);
    assert.doesNotMatch(res.text, /action="\/admin\/petitions\/zhanaozen-list\/member-states"/);
    assert.match((await organiser.get('/admin/dashboard')).text, /href="\/admin\/petitions\/zhanaozen-list\/dashboard"/);
    assert.equal((await organiser.get('/admin/petitions/no-such-petition/dashboard')).status, 404);
  });

  it('panels added by other capabilities appear', async () => {
    dashboardPanels.add({ id: 'test-panel', order: 1, titleKey: 'dashboard.index.title', view: 'dashboard/index', load: async () => null });
    assert.equal((await organiser.get(PAGE)).status, 200, 'a panel with nothing to show is left out');
  });

  it('an organiser shows the member-state table on the public page (audited), and takes it off', async () => {
    const page = await organiser.get(PAGE);
    const res = await organiser.post('/admin/petitions/zhanaozen-list/member-states', { show: 'yes', _csrf: csrfOf(page.text) });
    assert.equal(res.status, 303);
    assert.equal((await t.db('petitions').where({ id: petition }).first('show_member_states')).show_member_states, true);
    const entry = (await t.db('audit_log').where({ action: 'petition.member_states_shown' }).first('subject', 'details', 'actor')) as { subject: string; details: unknown; actor: string };
    assert.deepEqual(entry.details, { petitionId: petition });
    assert.match(entry.actor, /^user:\d+$/);

    const fresh = await t.instance({ workers: false });
    try {
      const { default: request } = await import('supertest');
      const shown = await request(fresh.app).get('/en/petitions/zhanaozen-list').expect(200);
      assert.match(shown.headers['cache-control'] ?? '', /public/);
      assert.equal(shown.headers['set-cookie'], undefined);
      assert.match(shown.text, /Progress in the EU member states/);
      assert.match(shown.text.replace(/\s+/g, ' '), /1 of 27 member states is past its minimum\./);
      const etagShown = String(shown.headers.etag);

      await organiser.post('/admin/petitions/zhanaozen-list/member-states', { show: 'no', _csrf: csrfOf(page.text) });
      const other = await t.instance({ workers: false });
      try {
        const hidden = await request(other.app).get('/en/petitions/zhanaozen-list').expect(200);
        assert.doesNotMatch(hidden.text, /Progress in the EU member states/);
        assert.notEqual(String(hidden.headers.etag), etagShown, 'the ETag covers the table');
        await request(other.app).get('/en/petitions/zhanaozen-list').set('If-None-Match', etagShown).expect(200);
      } finally {
        await other.close();
      }
    } finally {
      await fresh.close();
    }
    assert.equal((await organiser.post('/admin/petitions/zhanaozen-list/member-states', { show: 'maybe', _csrf: csrfOf(page.text) })).status, 422);
  });
});
