// Use-case: an organiser switches the public petition page's member-state table on or off. Audited in
// the change's transaction, which also raises the content version, so the petition caches of every
// instance follow (lib/content-version.ts); switching to the state it is already in changes nothing.
import type { Db } from '../db/knex.ts';
import type { Clock } from '../container.ts';
import { audit } from '../admin/index.ts';
import { bumpContentVersion, contentChanged } from '../lib/content-version.ts';
import { setShowMemberStates } from './dashboard.repo.ts';

export async function showMemberStates(deps: { db: Db; clock: Clock }, input: { actor: string; petitionId: number; show: boolean }): Promise<boolean> {
  const changed = await deps.db.transaction(async (trx) => {
    if (!(await setShowMemberStates(trx, input.petitionId, input.show))) return false;
    await audit(trx, { actor: input.actor, action: input.show ? 'petition.member_states_shown' : 'petition.member_states_hidden', subject: `petition:${input.petitionId}`, details: { petitionId: input.petitionId }, at: deps.clock.now() });
    await bumpContentVersion(trx);
    return true;
  });
  if (changed) contentChanged(deps.db);
  return changed;
}
