// The 90-day warning on the prisoners list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRISONER_REVIEW_DAYS, prisonerReview } from '../../../src/letters/prisoner-review.ts';

const now = new Date('2026-12-02T12:00:00Z');
const list = [{ asOf: '2015-12-16' }, { asOf: '2016-03-01' }];

describe('prisoners list review', () => {
  it('a list never reviewed is due, and names its oldest date', () => {
    assert.deepEqual(prisonerReview({ prisonersReviewedAt: null }, list, now), { due: true, daysSince: null, lastReviewedAt: null, oldestAsOf: '2015-12-16' });
  });

  it(`is due from day ${PRISONER_REVIEW_DAYS} after the last review, not before`, () => {
    const days = (n: number) => new Date(now.getTime() - n * 24 * 3600 * 1000);
    assert.equal(prisonerReview({ prisonersReviewedAt: days(89) }, list, now).due, false);
    assert.equal(prisonerReview({ prisonersReviewedAt: days(90) }, list, now).due, true);
    assert.equal(prisonerReview({ prisonersReviewedAt: days(3) }, [], now).oldestAsOf, null);
  });
});
