// The content version that page caches follow: read at most once a CONTENT_POLL_MS, read again at once
// after an edit on this instance, kept when the database does not answer; a followContent cache is
// made again exactly when the version moves on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Queryable } from '../../../src/db/knex.ts';
import { contentChanged, currentContentVersion, followContent } from '../../../src/lib/content-version.ts';

/** A stand-in for knex that answers `db('content_versions').where(…).first(…)` with `version()`. */
function fakeDb(version: () => number | Error): Queryable & { reads: number } {
  const db = Object.assign(
    () => ({
      where: () => ({
        first: async () => {
          db.reads += 1;
          const v = version();
          if (v instanceof Error) throw v;
          return { version: String(v) };
        },
      }),
    }),
    { reads: 0 },
  );
  return db as unknown as Queryable & { reads: number };
}

describe('content version', () => {
  it('is read once per poll interval; contentChanged makes the next call read it again', async () => {
    let v = 1;
    const db = fakeDb(() => v);
    assert.equal(await currentContentVersion(db), 1);
    v = 2;
    assert.equal(await currentContentVersion(db), 1); // within the interval: not asked
    assert.equal(db.reads, 1);
    contentChanged(db);
    assert.equal(await currentContentVersion(db), 2);
    assert.equal(db.reads, 2);
  });

  it('keeps the last version when the database does not answer', async () => {
    let answer: number | Error = 5;
    const db = fakeDb(() => answer);
    assert.equal(await currentContentVersion(db), 5);
    answer = new Error('connection refused');
    contentChanged(db);
    assert.equal(await currentContentVersion(db), 5);
  });

  it('followContent makes its cache again only when the version moves on', async () => {
    let v = 1;
    const db = fakeDb(() => v);
    let made = 0;
    const cache = followContent(db, () => ({ n: (made += 1) }));
    const first = await cache();
    assert.equal(await cache(), first);
    contentChanged(db); // read again, same version
    assert.equal(await cache(), first);
    v = 2;
    contentChanged(db);
    const second = await cache();
    assert.notEqual(second, first);
    assert.equal(made, 2);
  });
});
