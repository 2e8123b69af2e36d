// The hemicycle: 720 seats in rows, groups as wedges from left to right, every seat drawn.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hemicycleSvg, seatPositions } from '../../../src/letters/hemicycle.ts';

describe('hemicycle', () => {
  it('places 720 seats on a half disc, left to right, without overlap', () => {
    const seats = seatPositions(720);
    assert.equal(seats.length, 720);
    for (let i = 1; i < seats.length; i += 1) assert.ok(seats[i]!.angle <= seats[i - 1]!.angle);
    let closest = Infinity;
    for (let i = 0; i < seats.length; i += 1) for (let j = i + 1; j < seats.length; j += 1) closest = Math.min(closest, Math.hypot(seats[i]!.x - seats[j]!.x, seats[i]!.y - seats[j]!.y));
    assert.ok(closest > 0.037, `closest seats ${closest}`);
    assert.ok(seats.every((s) => s.y >= -1e-9 && Math.hypot(s.x, s.y) <= 1 + 1e-9));
  });

  it('draws one circle per seat, the vacant ones after the groups, and a band per group', () => {
    const group = (code: string, n: number, fill: string) => ({ code, label: code, colour: '#000000', seats: Array.from({ length: n }, (_, i) => ({ fill, label: `${code} ${i}` })) });
    const svg = hemicycleSvg({ groups: [group('A', 400, '#111111'), group('B', 319, '#222222')], total: 720, title: 'T', description: 'D', vacantFill: '#ffffff', vacantLabel: 'vacant' });
    assert.equal(svg.match(/<circle /g)?.length, 720);
    assert.equal(svg.match(/fill="#111111"/g)?.length, 400);
    assert.equal(svg.match(/<title>vacant<\/title>/g)?.length, 1);
    assert.equal(svg.match(/<path /g)?.length, 2);
    assert.match(svg, /role="img" aria-labelledby="hemicycle-title hemicycle-desc"/);
    assert.throws(() => hemicycleSvg({ groups: [group('A', 721, '#111111')], total: 720, title: 'T', description: 'D', vacantFill: '#fff', vacantLabel: 'v' }));
  });

  it('escapes labels', () => {
    const svg = hemicycleSvg({ groups: [{ code: 'S&D', label: 'S&D <x>', colour: '#000', seats: [{ fill: '#111', label: '"a" & <b>' }] }], total: 2, title: '<t>', description: 'd', vacantFill: '#fff', vacantLabel: 'v' });
    assert.doesNotMatch(svg, /<x>|<b>|<t>/);
    assert.match(svg, /&quot;a&quot; &amp; &lt;b&gt;/);
  });
});
