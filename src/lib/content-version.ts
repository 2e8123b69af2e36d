// The version of the organisers' content (petition and campaign texts and settings), so in-memory caches
// of those pages follow an edit: an edit raises content_versions.version in its own transaction
// (bumpContentVersion) and tells this instance at once (contentChanged); every instance re-reads the
// number at most once a second while it serves requests. A cache built by followContent() is dropped
// whenever the number it was built under is no longer the current one. Why a version and not a shorter
// TTL: the page caches can stay as long as they like (one render a second per language under load) and
// still show an edit on the very next request here, and within about a second on another instance.
import type { Queryable } from '../db/knex.ts';

/** How often an instance asks the database whether another instance edited content. */
export const CONTENT_POLL_MS = 1000;

interface Tracker {
  at: number;
  value: Promise<number>;
  last: number;
}

const trackers = new WeakMap<Queryable, Tracker>();

async function readVersion(db: Queryable): Promise<number> {
  const row = await db('content_versions').where({ id: 1 }).first<{ version: string } | undefined>('version');
  return row ? Number(row.version) : 0;
}

function trackerOf(db: Queryable): Tracker {
  let tracker = trackers.get(db);
  if (!tracker) trackers.set(db, (tracker = { at: -Infinity, value: Promise.resolve(0), last: 0 }));
  return tracker;
}

/** The content version as this instance last read it (re-read when older than CONTENT_POLL_MS). */
export function currentContentVersion(db: Queryable): Promise<number> {
  const tracker = trackerOf(db);
  const now = Date.now();
  if (now - tracker.at < CONTENT_POLL_MS) return tracker.value;
  tracker.at = now;
  tracker.value = readVersion(db).then(
    (v) => (tracker.last = v),
    () => tracker.last, // the database did not answer: keep what we had, ask again a poll interval later
  );
  return tracker.value;
}

/** Raises the version, in the transaction of the edit (so other instances see it with the edit). */
export async function bumpContentVersion(trx: Queryable): Promise<void> {
  await trx.raw('insert into content_versions (id, version) values (1, 1) on conflict (id) do update set version = content_versions.version + 1');
}

/** After an edit committed: this instance reads the version again on its next request. */
export function contentChanged(db: Queryable): void {
  trackerOf(db).at = -Infinity;
}

/** A cache (or anything built from content) made again whenever the content version moves on. */
export function followContent<C>(db: Queryable, make: () => C): () => Promise<C> {
  let made: C | undefined;
  let builtFor = -1;
  return async () => {
    const version = await currentContentVersion(db);
    if (made === undefined || version !== builtFor) {
      made = make();
      builtFor = version;
    }
    return made;
  };
}
