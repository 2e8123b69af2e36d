// Use-case: an organiser takes a published entry off the public list (at once, alone: removing is the safe
// direction). Its versions stay; publishing it again needs a new review.
import { addEvent, lockEntry, updateEntry } from './entries.repo.ts';
import type { ListDeps, AuditHook } from './list-deps.ts';

export type WithdrawResult = { kind: 'withdrawn' } | { kind: 'not-found' } | { kind: 'not-published' };

export async function withdrawEntry(deps: ListDeps, input: { entryId: number; by: number; note: string; record?: AuditHook }): Promise<WithdrawResult> {
  return deps.db.transaction(async (trx) => {
    const entry = await lockEntry(trx, input.entryId);
    if (!entry) return { kind: 'not-found' };
    if (entry.published_number === null) return { kind: 'not-published' };
    await updateEntry(trx, entry.id, { state: 'draft', published_number: null, published_at: null });
    await addEvent(trx, entry.id, entry.latest_number, 'withdrawn', input.by, input.note);
    await input.record?.(trx);
    return { kind: 'withdrawn' };
  });
}
