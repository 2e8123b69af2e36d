import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readWebLoad, startWebLoadGauge } from '../../src/jobs/web-load.ts';
import { createPace } from '../../src/lib/pace.ts';

describe('pace for background work', () => {
  it('gives every turn at once while the machine is not busy', async () => {
    const pace = createPace({ busy: () => false, ratePerSecond: 1 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => pace.turn()));
    assert.ok(performance.now() - started < 500, 'fifty turns did not wait a second each');
  });

  it('while busy, gives turns one at a time, in order, at the floor rate', async () => {
    // The moments the pace gave each turn are read off its own clock: a callback's time would add the
    // machine's scheduling delays (a busy CI machine ran one turn's callback late, the next on time).
    let clock = 0;
    const pace = createPace({ busy: () => true, ratePerSecond: 40, now: () => (clock = performance.now()) });
    const order: number[] = [];
    const given: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        pace.turn().then(() => {
          order.push(i);
          given.push(clock);
        }),
      ),
    );
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    // 25 ms apart: the fifth turn comes after four intervals.
    assert.ok(performance.now() - started >= 4 * 25 - 1, `fifth turn after ${(performance.now() - started).toFixed(0)} ms`);
    for (let i = 1; i < given.length; i += 1) assert.ok(given[i]! - given[i - 1]! >= 24, `turns ${i - 1} and ${i} given ${(given[i]! - given[i - 1]!).toFixed(1)} ms apart`);
  });

  it('releases everyone waiting once the load passes', async () => {
    let busy = true;
    const pace = createPace({ busy: () => busy, ratePerSecond: 1, recheckMs: 20 });
    let done = 0;
    const turns = Array.from({ length: 10 }, () => pace.turn().then(() => (done += 1)));
    await sleep(150);
    assert.equal(done, 1, 'one turn per second while busy: only the first went');
    busy = false;
    const released = performance.now();
    await Promise.all(turns);
    assert.ok(performance.now() - released < 500, 'the other nine went within a recheck, not nine seconds');
  });
});

describe('web load gauge', () => {
  it('reads the measuring thread as busy while it computes and idle while it waits', async () => {
    const gauge = startWebLoadGauge();
    try {
      const load = readWebLoad(gauge.buffer);
      const until = performance.now() + 600;
      while (performance.now() < until) await new Promise((r) => setImmediate(r)); // busy, yielding to timers
      assert.ok(load() > 0.6, `busy: ${load()}`);
      await sleep(600);
      assert.ok(load() < 0.3, `idle: ${load()}`);
    } finally {
      gauge.stop();
    }
  });
});

describe('the job thread email floor', () => {
  it('is 20 a second, or more when the job expiry is too short to send every email held at that rate', async () => {
    const { emailFloorPerSecond } = await import('../../src/jobs/worker-thread.ts');
    const { maxEmailsInHand } = await import('../../src/capabilities.ts');
    const MAX_EMAILS_IN_HAND = maxEmailsInHand();
    // 20 a second at the default expiry for the petitions' 1,200 emails in hand; other capabilities'
    // workers (letters: 21, updates: 100) may raise it by a little (a spike still keeps most of the CPU).
    assert.equal(emailFloorPerSecond(120, 1200), 20);
    assert.ok(emailFloorPerSecond(120, MAX_EMAILS_IN_HAND) <= 23, `floor ${emailFloorPerSecond(120, MAX_EMAILS_IN_HAND)}/s for ${MAX_EMAILS_IN_HAND} emails in hand`);
    for (const expire of [5, 30, 60, 120, 3600]) {
      const floor = emailFloorPerSecond(expire, MAX_EMAILS_IN_HAND);
      assert.ok(floor >= 20 && MAX_EMAILS_IN_HAND / floor <= expire / 2, `expiry ${expire} s: floor ${floor}/s`);
    }
  });
});
