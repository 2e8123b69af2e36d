// Use-case: a second organiser approves the version in review, which publishes it. Neither its author nor
// the organiser who submitted it may approve it (checked here, and by a constraint on list_approvals), so
// no entry is ever published by one person alone.
import { addEvent, insertApproval, lockEntry, submitterOf, updateEntry, versionOf } from './entries.repo.ts';
import type { ListDeps, AuditHook } from './list-deps.ts';

export type ApproveResult = { kind: 'published' } | { kind: 'not-found' } | { kind: 'stale' } | { kind: 'not-in-review' } | { kind: 'own-version' };

export async function approveVersion(deps: ListDeps, input: { entryId: number; number: number; by: number; record?: AuditHook }): Promise<ApproveResult> {
  return deps.db.transaction(async (trx) => {
    const entry = await lockEntry(trx, input.entryId);
    if (!entry) return { kind: 'not-found' };
    if (entry.latest_number !== input.number) return { kind: 'stale' };
    if (entry.state !== 'in_review') return { kind: 'not-in-review' };
    const version = await versionOf(trx, entry.id, input.number);
    const submitter = await submitterOf(trx, entry.id, input.number);
    if (!version || submitter === undefined || submitter === null) return { kind: 'not-in-review' };
    if (version.authorId === input.by || submitter === input.by) return { kind: 'own-version' };
    await insertApproval(trx, { entryId: entry.id, number: input.number, approverId: input.by, authorId: version.authorId, submitterId: submitter });
    await updateEntry(trx, entry.id, { state: 'published', published_number: input.number, published_at: deps.clock.now() });
    await addEvent(trx, entry.id, input.number, 'approved', input.by);
    await input.record?.(trx);
    return { kind: 'published' };
  });
}
