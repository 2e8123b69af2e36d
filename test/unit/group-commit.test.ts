import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupCommit, groupCommitsSettled } from '../../src/lib/group-commit.ts';

/** A writer whose batches finish only when the test says so. */
function controlledWriter() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const write = async (items: readonly number[]) => {
    batches.push([...items]);
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((n) => n * 10);
  };
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, write, releaseAll };
}

describe('group commit', () => {
  it('writes a lone item at once, and items that arrive meanwhile together, each getting its own result', async () => {
    const w = controlledWriter();
    const gc = groupCommit(w.write, { maxBatch: 100, maxConcurrent: 1 });
    const first = gc.submit(1);
    assert.deepEqual(w.batches, [[1]]);
    const rest = [2, 3, 4].map((n) => gc.submit(n));
    assert.equal(gc.pending(), 4);
    assert.deepEqual(w.batches, [[1]], 'the others wait for the write in flight');
    await w.releaseAll();
    await w.releaseAll();
    assert.deepEqual(w.batches, [[1], [2, 3, 4]]);
    assert.deepEqual(await Promise.all([first, ...rest]), [10, 20, 30, 40]);
    assert.equal(gc.pending(), 0);
  });

  it('keeps batches within maxBatch and runs up to maxConcurrent at once', async () => {
    const w = controlledWriter();
    const gc = groupCommit(w.write, { maxBatch: 3, maxConcurrent: 2 });
    const all = Array.from({ length: 9 }, (_, i) => gc.submit(i));
    assert.deepEqual(w.batches, [[0], [1]], 'the first two start alone, at once');
    for (let i = 0; i < 5; i += 1) await w.releaseAll();
    assert.deepEqual(w.batches, [[0], [1], [2, 3, 4], [5, 6, 7], [8]]);
    assert.deepEqual(await Promise.all(all), [0, 10, 20, 30, 40, 50, 60, 70, 80]);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const seen: number[][] = [];
    let hold: (() => void) | undefined;
    const gc = groupCommit<number, number>(async (items) => {
      seen.push([...items]);
      if (items[0] === 0) await new Promise<void>((resolve) => (hold = resolve));
      if (items.includes(13)) throw new Error('bad item');
      return items.map((n) => n + 1);
    }, { maxBatch: 10, maxConcurrent: 1 });
    const first = gc.submit(0);
    const results = [12, 13, 14].map((n) => gc.submit(n).then((v) => ({ ok: v }), (e: Error) => ({ error: e.message })));
    hold!();
    assert.equal(await first, 1);
    assert.deepEqual(await Promise.all(results), [{ ok: 13 }, { error: 'bad item' }, { ok: 15 }]);
    assert.deepEqual(seen, [[0], [12, 13, 14], [12], [13], [14]]);
  });

  it('refuses a writer that returns the wrong number of results', async () => {
    const gc = groupCommit<number, number>(async () => [], { maxBatch: 10, maxConcurrent: 1 });
    await assert.rejects(gc.submit(1), /0 results for 1 item/);
  });

  it('fails a whole batch at once when the database is unreachable, without retrying each item against it', async () => {
    const seen: number[][] = [];
    let hold: (() => void) | undefined;
    const gc = groupCommit<number, number>(async (items) => {
      seen.push([...items]);
      if (items[0] === 0) await new Promise<void>((resolve) => (hold = resolve));
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    }, { maxBatch: 10, maxConcurrent: 1 });
    const first = gc.submit(0).then(String, (e: Error) => e.message);
    const results = [1, 2, 3].map((n) => gc.submit(n).then(String, (e: { code?: string }) => e.code));
    hold!();
    assert.match(await first, /ECONNREFUSED/);
    assert.deepEqual(await Promise.all(results), ['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    assert.deepEqual(seen, [[0], [1, 2, 3]], 'one try for the batch, none per item');
  });

  it('groupCommitsSettled waits for every item of every group commit, written or failed', async () => {
    const w = controlledWriter();
    const a = groupCommit(w.write, { maxBatch: 10, maxConcurrent: 1 });
    const b = groupCommit<number, number>(async () => {
      throw new Error('bad');
    }, { maxBatch: 10, maxConcurrent: 1 });
    const items = [a.submit(1), a.submit(2), b.submit(3).catch(() => 'failed')];
    let settled = false;
    const waiting = groupCommitsSettled().then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'two items of a are still being written');
    await w.releaseAll();
    await w.releaseAll();
    await waiting;
    assert.deepEqual(await Promise.all(items), [10, 20, 'failed']);
    await groupCommitsSettled(); // and at once when nothing is in flight
  });
});
