// The dashboard's server-rendered SVG (chart: d3-shape; map: d3-geo on world-atlas countries-50m) and the
// figures behind them: every EU member state is on the map (Malta and Luxembourg too), shades follow the
// classes of the legend, text is escaped, days without signatures are filled in, minimums are seats × 720.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import '../../src/capabilities.ts'; // the app's module order (the capabilities import each other's index.ts)
import { perDayChartSvg } from '../../src/dashboard/svg-chart.ts';
import { europeMapSvg, shadeOf } from '../../src/dashboard/svg-map.ts';
import { combineDays } from '../../src/dashboard/load-dashboard.ts';
import { MEMBER_STATES, memberStateProgress } from '../../src/reports/index.ts';

const mapOf = (counts: Record<string, number>) =>
  europeMapSvg({ counts, title: 'Map <b>', description: 'By "country"', label: (c, n) => `${c}: ${n}`, legendLabel: (from, to) => `${from}..${to ?? '+'}` });

describe('dashboard map', () => {
  it('draws every EU member state, Malta and Luxembourg included, with its count as a title', () => {
    const svg = mapOf({ MT: 4320, LU: 7 });
    for (const code of MEMBER_STATES.keys()) assert.match(svg, new RegExp(`<path d="M[^"]+" fill="#[0-9a-f]{6}"[^>]*><title>${code}: \\d+</title></path>`), code);
    assert.match(svg, /<path d="M[^"]+" fill="#1764ab"[^>]*><title>MT: 4320<\/title>/);
    assert.match(svg, /<path d="M[^"]+" fill="#dbe9f6"[^>]*><title>LU: 7<\/title>/);
    assert.doesNotMatch(svg, /<title>(US|CN|AU|BR): /, 'only Europe and its neighbours');
  });

  it('is an accessible image with escaped text, and the same outlines every time', () => {
    const svg = mapOf({});
    assert.match(svg, /^<svg class="dashboard-map" viewBox="0 0 640 560" role="img" aria-labelledby="map-title map-desc"/);
    assert.match(svg, /<title id="map-title">Map &lt;b&gt;<\/title><desc id="map-desc">By &quot;country&quot;<\/desc>/);
    assert.doesNotMatch(svg, /style=|<script/);
    assert.equal(mapOf({}), svg);
    assert.ok(svg.length < 200_000, `${svg.length} bytes`);
  });

  it('shades by powers of ten, as the legend says', () => {
    assert.deepEqual([0, 1, 9, 10, 99, 100, 1000, 9999, 10000, 5_000_000].map(shadeOf), ['#eeeeee', '#dbe9f6', '#dbe9f6', '#9ecae1', '#9ecae1', '#4a98c9', '#1764ab', '#1764ab', '#08306b', '#08306b']);
    const legend = mapOf({});
    for (const label of ['0..0', '1..9', '10..99', '100..999', '1000..9999', '10000..+']) assert.match(legend, new RegExp(`>${label.replace(/\./g, '\\.').replace('+', '\\+')}</text>`));
  });
});

describe('dashboard chart', () => {
  const base = { title: 'Per day & more', description: 'd', confirmedLabel: 'Confirmed', createdLabel: 'Signed', formatNumber: (n: number) => n.toLocaleString('en'), formatDay: (d: string) => `[${d}]` };

  it('draws the confirmed area and the created line with the first and last day and the maximum', () => {
    const svg = perDayChartSvg({ ...base, days: [{ day: '2026-11-20', confirmed: 3, created: 4 }, { day: '2026-11-21', confirmed: 4320, created: 4320 }, { day: '2026-11-22', confirmed: 2, created: 10 }] });
    assert.match(svg, /^<svg class="dashboard-chart" viewBox="0 0 720 260" role="img" aria-labelledby="chart-title chart-desc"/);
    assert.match(svg, /<title id="chart-title">Per day &amp; more<\/title>/);
    assert.match(svg, />\[2026-11-20\]<\/text>/);
    assert.match(svg, />\[2026-11-22\]<\/text>/);
    assert.match(svg, />4,320<\/text>/);
    assert.match(svg, /<path d="M[\d.,LCZ -]+" fill="#4a98c9"/);
    assert.match(svg, /<path d="M[\d.,C -]+" fill="none" stroke="#b3541e"/);
    assert.doesNotMatch(svg, /NaN|undefined|style=/);
  });

  it('draws a single day as a point, labelled once', () => {
    const svg = perDayChartSvg({ ...base, days: [{ day: '2026-11-20', confirmed: 5, created: 5 }] });
    assert.match(svg, /<circle /);
    assert.equal(svg.match(/\[2026-11-20\]/g)?.length, 1);
    assert.doesNotMatch(svg, /NaN/);
  });
});

describe('dashboard figures', () => {
  it('fills the days without signatures and gives each its confirmation rate', () => {
    const days = combineDays(new Map([['2026-11-20', 4]]), new Map([['2026-11-20', 3], ['2026-11-23', 2]]));
    assert.deepEqual(days.map((d) => [d.day, d.created, d.counted, d.rate]), [['2026-11-20', 4, 3, 0.75], ['2026-11-21', 0, 0, null], ['2026-11-22', 0, 0, null], ['2026-11-23', 0, 2, null]]);
    assert.deepEqual(combineDays(new Map(), new Map()), []);
  });

  it('measures each member state against seats × 720', () => {
    const { states, pastMinimum } = memberStateProgress({ DE: 69_119, PL: 38_160, MT: 10_000, KZ: 1_000_000 });
    const of = (code: string) => states.find((s) => s.country === code)!;
    assert.equal(states.length, 27);
    assert.deepEqual([of('DE').minimum, of('PL').minimum, of('MT').minimum], [69_120, 38_160, 4_320]);
    assert.deepEqual([of('DE').reached, of('DE').percent, of('PL').reached, of('MT').percent], [false, 99, true, 100]);
    assert.equal(pastMinimum, 2);
  });
});
