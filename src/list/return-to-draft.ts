// Use-case: the reviewer sends the version in review back to draft, with a note saying what to change.
import { addEvent, lockEntry, updateEntry } from './entries.repo.ts';
import type { ListDeps, AuditHook } from './list-deps.ts';

export type ReturnResult = { kind: 'returned' } | { kind: 'not-found' } | { kind: 'not-in-review' };

export async function returnToDraft(deps: ListDeps, input: { entryId: number; by: number; note: string; record?: AuditHook }): Promise<ReturnResult> {
  return deps.db.transaction(async (trx) => {
    const entry = await lockEntry(trx, input.entryId);
    if (!entry) return { kind: 'not-found' };
    if (entry.state !== 'in_review') return { kind: 'not-in-review' };
    await updateEntry(trx, entry.id, { state: 'draft' });
    await addEvent(trx, entry.id, entry.latest_number, 'returned', input.by, input.note);
    await input.record?.(trx);
    return { kind: 'returned' };
  });
}
