// Use-cases of the organisers on an update: write a draft, edit it, and send it (queue its start job).
// Each change and its audit entry commit together.
import { audit } from '../admin/index.ts';
import { UPDATE_START, type UpdateStartJob } from './update-jobs.ts';
import type { SupporterDeps } from './supporter-deps.ts';
import { findUpdate, insertUpdate, markQueued, saveDraft, type Fallback, type UpdateText } from './updates.repo.ts';

export interface UpdateInput {
  readonly actor: string;
  readonly fallback: Fallback;
  readonly texts: readonly UpdateText[];
}

export async function createUpdate(deps: SupporterDeps, input: UpdateInput): Promise<number> {
  return deps.db.transaction(async (trx) => {
    const id = await insertUpdate(trx, { fallback: input.fallback, createdBy: input.actor, texts: input.texts });
    await audit(trx, { actor: input.actor, action: 'update.created', subject: `update:${id}`, details: { languages: input.texts.map((t) => t.lang).join(','), fallback: input.fallback } });
    return id;
  });
}

export type EditResult = { kind: 'saved' } | { kind: 'not-found' } | { kind: 'not-draft' };

export async function editUpdate(deps: SupporterDeps, id: number, input: UpdateInput): Promise<EditResult> {
  return deps.db.transaction(async (trx) => {
    const update = await findUpdate(trx, id, { forUpdate: true });
    if (!update) return { kind: 'not-found' } as const;
    if (update.status !== 'draft') return { kind: 'not-draft' } as const;
    await saveDraft(trx, id, { fallback: input.fallback, texts: input.texts });
    await audit(trx, { actor: input.actor, action: 'update.edited', subject: `update:${id}`, details: { languages: input.texts.map((t) => t.lang).join(','), fallback: input.fallback } });
    return { kind: 'saved' } as const;
  });
}

export type SendResult = { kind: 'queued' } | { kind: 'not-found' } | { kind: 'not-draft' } | { kind: 'empty' };

/** Queues the update's sending: once only (a second click finds it no longer a draft). */
export async function sendUpdate(deps: SupporterDeps, id: number, actor: string): Promise<SendResult> {
  return deps.db.transaction(async (trx) => {
    const update = await findUpdate(trx, id, { forUpdate: true });
    if (!update) return { kind: 'not-found' } as const;
    if (update.status !== 'draft') return { kind: 'not-draft' } as const;
    if (update.texts.length === 0) return { kind: 'empty' } as const;
    await markQueued(trx, id, deps.clock.now());
    await deps.jobs.send(UPDATE_START, { updateId: id } satisfies UpdateStartJob, trx);
    await audit(trx, { actor, action: 'update.sent', subject: `update:${id}`, details: { languages: update.texts.map((t) => t.lang).join(','), fallback: update.fallback } });
    return { kind: 'queued' } as const;
  });
}
