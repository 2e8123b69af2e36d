// The pressure map: a 720-seat hemicycle rendered on the server, the groups in seating order, each
// seat coloured by the recorded position and shaded by letters, beside tables by group and country.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { GROUPS } from '../../../src/meps/index.ts';
import { seatFill, TOTAL_SEATS } from '../../../src/letters/present-map.ts';
import { buildTestApp, type TestApp } from '../../support/app.ts';
import { sittingMeps } from '../../support/letters.ts';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the pressure map', () => {
  let t: TestApp;
  before(async () => (t = await buildTestApp({ workers: false })));
  after(() => t.close());

  it('draws all 720 seats: 719 MEPs and the vacant Spanish seat, by group from left to right', async () => {
    const res = await request(t.app).get('/en/letters/map').expect(200);
    assert.equal(TOTAL_SEATS, 720);
    const circles = [...res.text.matchAll(/<circle cx="[\d.]+" cy="[\d.]+" r="[\d.]+" fill="(#[0-9a-f]{6})"><title>([^<]*)<\/title><\/circle>/g)];
    assert.equal(circles.length, 720);
    assert.equal(circles.filter((c) => c[2] === 'Vacant seat').length, 1);
    assert.equal(circles.at(-1)![2], 'Vacant seat', 'the vacancy follows the groups');
    const groupsInOrder = [...new Set(circles.slice(0, 719).map((c) => /\(([^,]+), [A-Z]{2}\)/.exec(c[2]!.replace(/&amp;/g, '&'))?.[1]))];
    assert.deepEqual(groupsInOrder, [...GROUPS]);
    assert.match(res.text, /<svg class="hemicycle" viewBox="0 0 400 214" role="img" aria-labelledby="hemicycle-title hemicycle-desc"/);
    assert.match(res.text, /<title id="hemicycle-title">The European Parliament: 720 seats<\/title>/);
    assert.equal(res.headers['cache-control'], 'public, max-age=0, s-maxage=2, stale-while-revalidate=3');
    assert.equal(res.headers['set-cookie'], undefined);
  });

  it('colours a seat by the recorded position and shades it by the letters received; the tables agree', async () => {
    const [mep] = sittingMeps({ country: 'LU' });
    const campaign = await t.db('letter_campaigns').first('id');
    await t.db('mep_positions').insert({ campaign_id: campaign.id, mep_id: mep!.id, position: 'supports', source_label: 'Reply to a supporter', stated_on: '2026-11-20', recorded_by: 'test' });
    await t.db('mep_letter_counts').insert({ campaign_id: campaign.id, mep_id: mep!.id, sent: 12, replied: 2, no_reply: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    const res = await request(t.app).get('/en/letters/map').expect(200);
    const seat = new RegExp(`fill="${seatFill('supports', 12)}"><title>${escapeRe(mep!.fullName)} \\(${escapeRe(mep!.group)}, LU\\): Supports; 12 letters; 2 of 3 senders say they got a reply</title>`);
    assert.match(res.text.replace(/&amp;/g, '&'), seat);
    assert.notEqual(seatFill('supports', 12), seatFill('supports', 0));
    assert.notEqual(seatFill('supports', 12), seatFill('opposes', 12));
    const luxembourg = res.text.match(/<tr><th scope="row">Luxembourg<\/th>(.*?)<\/tr>/)?.[1] ?? '';
    const cells = [...luxembourg.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(cells, ['6', '6', '1', '0', '0', '0', '5', '12', '2 of 3 senders say they got a reply']);
    assert.match(res.text, new RegExp(`<th scope="row">${escapeRe(mep!.fullName)}</th><td>${escapeRe(mep!.group).replace(/&/g, '&amp;')}</td><td>Luxembourg</td><td>Supports</td><td>12</td>`));
  });

  it('is in every language', async () => {
    for (const [lang, title] of [['pl', 'Mapa nacisku'], ['ru', 'Карта давления'], ['kk', 'Қысым картасы']] as const) {
      const res = await request(t.app).get(`/${lang}/letters/map`).expect(200);
      assert.match(res.text, new RegExp(`<h1>${title}</h1>`));
      const svg = res.text.slice(res.text.indexOf('<svg class="hemicycle"'), res.text.indexOf('</svg>', res.text.indexOf('<svg class="hemicycle"')));
      assert.equal(svg.match(/<circle cx=/g)?.length, 720);
    }
  });
});
