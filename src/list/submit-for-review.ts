// Use-case: an organiser asks for the latest version to be reviewed. Only a complete version (every
// language, at least one source) can be; the organiser who submits it cannot be the one who approves it.
import { missingForReview } from './entry.ts';
import { addEvent, lockEntry, updateEntry, versionOf } from './entries.repo.ts';
import type { ListDeps, AuditHook } from './list-deps.ts';

export type SubmitResult = { kind: 'submitted' } | { kind: 'not-found' } | { kind: 'stale' } | { kind: 'not-draft' } | { kind: 'incomplete'; missing: string[] };

export async function submitForReview(deps: ListDeps, input: { entryId: number; number: number; by: number; record?: AuditHook }): Promise<SubmitResult> {
  return deps.db.transaction(async (trx) => {
    const entry = await lockEntry(trx, input.entryId);
    if (!entry) return { kind: 'not-found' };
    if (entry.latest_number !== input.number) return { kind: 'stale' };
    if (entry.state !== 'draft') return { kind: 'not-draft' };
    const version = await versionOf(trx, entry.id, input.number);
    const missing = version ? missingForReview(version) : ['version'];
    if (missing.length > 0) return { kind: 'incomplete', missing };
    await updateEntry(trx, entry.id, { state: 'in_review' });
    await addEvent(trx, entry.id, input.number, 'submitted', input.by);
    await input.record?.(trx);
    return { kind: 'submitted' };
  });
}
