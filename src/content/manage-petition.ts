// Use-cases: a petition's goal and milestones, opening and closing it, and creating a new one. Closing
// stamps closed_at (the signatures' retention counts from it); opening again clears it.
import { audit } from '../admin/index.ts';
import { commitEdit, type ContentDeps, type Editor } from './commit-edit.ts';
import type { NewPetitionForm, SettingsForm } from './content-forms.schema.ts';
import { findPetitionRow, insertPetition, setPetitionStatus, updatePetitionSettings } from './content.repo.ts';

export async function changeSettings(deps: ContentDeps, editor: Editor, slug: string, form: SettingsForm): Promise<'saved' | 'unchanged' | 'not-found'> {
  return commitEdit(deps, async (trx) => {
    const petition = await findPetitionRow(trx, slug, true);
    if (!petition) return 'not-found';
    const goalChanged = petition.goal !== form.goal;
    const milestonesChanged = JSON.stringify(petition.milestones) !== JSON.stringify(form.milestones);
    if (!goalChanged && !milestonesChanged) return 'unchanged';
    await updatePetitionSettings(trx, petition.id, form.goal, form.milestones);
    const subject = `petition:${petition.id}`;
    if (goalChanged) await audit(trx, { actor: editor.actor, action: 'petition.goal-changed', subject, details: { slug, from: petition.goal, to: form.goal }, at: editor.now });
    if (milestonesChanged) await audit(trx, { actor: editor.actor, action: 'petition.milestones-changed', subject, details: { slug, from: petition.milestones, to: form.milestones }, at: editor.now });
    return 'saved';
  });
}

export async function changeStatus(deps: ContentDeps, editor: Editor, slug: string, status: 'open' | 'closed'): Promise<'saved' | 'unchanged' | 'not-found'> {
  return commitEdit(deps, async (trx) => {
    const petition = await findPetitionRow(trx, slug, true);
    if (!petition) return 'not-found';
    if (petition.status === status) return 'unchanged';
    await setPetitionStatus(trx, petition.id, status, editor.now);
    await audit(trx, { actor: editor.actor, action: status === 'closed' ? 'petition.closed' : 'petition.opened', subject: `petition:${petition.id}`, details: { slug }, at: editor.now });
    return 'saved';
  });
}

/** Open, with no text yet: its public page exists from its first text on. */
export async function createPetition(deps: ContentDeps, editor: Editor, form: NewPetitionForm): Promise<'created' | 'taken'> {
  return commitEdit(deps, async (trx) => {
    const id = await insertPetition(trx, form.slug, form.goal, form.milestones, editor.now);
    if (id === undefined) return 'taken';
    await audit(trx, { actor: editor.actor, action: 'petition.created', subject: `petition:${id}`, details: { slug: form.slug, goal: form.goal, milestones: form.milestones }, at: editor.now });
    return 'created';
  });
}
