// One organiser's edit of content: its changes, its audit entry and the content version in one
// transaction; once committed, this instance's caches of the public pages are told at once.
import type { Db, Tx } from '../db/knex.ts';
import { bumpContentVersion, contentChanged } from '../lib/content-version.ts';

export interface ContentDeps {
  readonly db: Db;
  readonly clock: { now(): Date };
}

/** Who edits, and when (the use-case's clock). */
export interface Editor {
  readonly actor: string;
  readonly now: Date;
}

export async function commitEdit<T>(deps: ContentDeps, change: (trx: Tx) => Promise<T>): Promise<T> {
  const result = await deps.db.transaction(async (trx) => {
    const value = await change(trx);
    await bumpContentVersion(trx);
    return value;
  });
  contentChanged(deps.db);
  return result;
}
