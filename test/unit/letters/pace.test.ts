// The per-MEP pace: Brussels office hours (with summer time), the spacing of slots, and days off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOfficeTime, nextOfficeTime, spacingMs, takeSlot } from '../../../src/letters/pace.ts';

const at = (iso: string) => new Date(iso);

describe('letter pace', () => {
  it('office hours are 09:00–18:00 in Brussels, Monday to Friday, in winter and in summer time', () => {
    assert.equal(isOfficeTime(at('2026-12-02T08:00:00Z')), true, 'Wednesday 09:00 CET');
    assert.equal(isOfficeTime(at('2026-12-02T07:59:59Z')), false);
    assert.equal(isOfficeTime(at('2026-12-02T16:59:59Z')), true, '17:59:59 CET');
    assert.equal(isOfficeTime(at('2026-12-02T17:00:00Z')), false, '18:00 CET');
    assert.equal(isOfficeTime(at('2026-07-01T07:00:00Z')), true, 'Wednesday 09:00 CEST');
    assert.equal(isOfficeTime(at('2026-07-01T06:59:00Z')), false);
    assert.equal(isOfficeTime(at('2026-12-05T10:00:00Z')), false, 'Saturday');
  });

  it('outside office hours the next slot is the next opening', () => {
    assert.equal(nextOfficeTime(at('2026-12-02T05:00:00Z')).toISOString(), '2026-12-02T08:00:00.000Z', 'later that morning');
    assert.equal(nextOfficeTime(at('2026-12-02T19:00:00Z')).toISOString(), '2026-12-03T08:00:00.000Z', 'the next morning');
    assert.equal(nextOfficeTime(at('2026-12-04T17:30:00Z')).toISOString(), '2026-12-07T08:00:00.000Z', 'Friday evening → Monday');
    assert.equal(nextOfficeTime(at('2026-03-27T18:00:00Z')).toISOString(), '2026-03-30T07:00:00.000Z', 'over the change to summer time');
    const inside = at('2026-12-02T10:11:12Z');
    assert.equal(nextOfficeTime(inside), inside);
  });

  it('slots are spaced 60/perHour minutes apart, so no hour holds more than perHour letters', () => {
    const now = at('2026-12-02T09:00:00Z');
    let nextFree: Date | null = null;
    const slots: Date[] = [];
    for (let i = 0; i < 200; i += 1) {
      const taken = takeSlot(nextFree, now, 6);
      slots.push(taken.slot);
      nextFree = taken.nextFree;
    }
    assert.equal(spacingMs(6), 600_000);
    for (let i = 1; i < slots.length; i += 1) assert.ok(slots[i]!.getTime() - slots[i - 1]!.getTime() >= 600_000);
    assert.ok(slots.every(isOfficeTime));
    for (const start of slots) {
      const inHour = slots.filter((s) => s >= start && s.getTime() < start.getTime() + 3_600_000).length;
      assert.ok(inHour <= 6, `${inHour} letters within an hour of ${start.toISOString()}`);
    }
    // 200 letters at 6 an hour, 9 office hours a day: 54 a day, so the last goes out on the fourth working day.
    assert.equal(slots[199]!.toISOString().slice(0, 10), '2026-12-07');
  });

  it('a slot is never in the past', () => {
    const now = at('2026-12-02T12:00:00Z');
    assert.equal(takeSlot(at('2026-11-01T09:00:00Z'), now, 6).slot.toISOString(), now.toISOString());
  });
});
