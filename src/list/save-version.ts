// Use-case: an organiser saves an entry (a new one, or a new version of an existing one). Every save is a
// new version; nothing is ever overwritten. Saving returns the entry to draft: what was in review (or
// published) stays as it was until the new version is reviewed; the published version stays public.
import type { EntryContent } from './entry.ts';
import { addEvent, entryBySlug, insertEntry, insertVersion, lockEntry, updateEntry } from './entries.repo.ts';
import type { ListDeps, AuditHook } from './list-deps.ts';

export interface SaveInput {
  /** Undefined for a new entry. */
  readonly entryId?: number;
  readonly slug: string;
  readonly content: EntryContent;
  readonly note: string;
  /** The organiser (null only for the default content). */
  readonly by: number | null;
  readonly record?: (entryId: number, number: number) => AuditHook;
}

export type SaveResult = { kind: 'saved'; entryId: number; number: number } | { kind: 'slug-taken' } | { kind: 'not-found' };

export async function saveVersion(deps: Pick<ListDeps, 'db'>, input: SaveInput): Promise<SaveResult> {
  return deps.db.transaction(async (trx) => {
    const sameSlug = await entryBySlug(trx, input.slug);
    if (sameSlug && sameSlug.id !== input.entryId) return { kind: 'slug-taken' };
    if (input.entryId === undefined) {
      const entryId = await insertEntry(trx, input.slug);
      await insertVersion(trx, entryId, 1, input.content, input.by, input.note);
      await addEvent(trx, entryId, 1, 'drafted', input.by, input.note);
      await input.record?.(entryId, 1)(trx);
      return { kind: 'saved', entryId, number: 1 };
    }
    const entry = await lockEntry(trx, input.entryId);
    if (!entry) return { kind: 'not-found' };
    const number = entry.latest_number + 1;
    await insertVersion(trx, entry.id, number, input.content, input.by, input.note);
    await updateEntry(trx, entry.id, { slug: input.slug, latest_number: number, state: 'draft' });
    await addEvent(trx, entry.id, number, 'edited', input.by, input.note);
    await input.record?.(entry.id, number)(trx);
    return { kind: 'saved', entryId: entry.id, number };
  });
}
