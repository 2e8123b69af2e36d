// Use-cases: invalidate or restore every signature of a petition from one email domain or one IP hash.
// The moderator sees the number first (preview); the change, the counters and one audit entry (with the
// number changed in details.count, the keyed hash as the filter) commit together.
import { audit } from '../admin/index.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import { changeValidity, countSelected, moveCounters, type Selector } from './moderation.repo.ts';
import type { BulkForm } from './moderation.schema.ts';
import { selectorOf } from './selector.ts';

export interface BulkInput {
  readonly actor: string;
  readonly petitionId: number;
  readonly form: BulkForm;
}

const fromValidity = (form: BulkForm) => (form.action === 'invalidate' ? 'valid' : 'invalidated');

/** How many signatures the action would change now. */
export async function previewBulk(deps: ModerationDeps, petitionId: number, form: BulkForm): Promise<number> {
  return countSelected(deps.db, petitionId, selectorOf(deps.secrets.lookupKey, form), fromValidity(form));
}

/** What the audit log keeps of the filter: the kind and the keyed hash (never the domain typed). */
function filterOf(selector: Selector): { by: string; hash: string } {
  return selector.by === 'domain' ? { by: 'domain', hash: selector.hash.toString('hex') } : { by: 'ip', hash: selector.low.toString('hex').replace(/0+$/, '') || '0' };
}

export async function applyBulk(deps: ModerationDeps, input: BulkInput): Promise<number> {
  const selector = selectorOf(deps.secrets.lookupKey, input.form);
  const to = input.form.action === 'invalidate' ? 'invalidated' : 'valid';
  return deps.db.transaction(async (trx) => {
    const changed = await changeValidity(trx, input.petitionId, to, { selector });
    if (changed.length === 0) return 0;
    const counted = await moveCounters(trx, input.petitionId, changed, to === 'valid' ? 1 : -1);
    await audit(trx, {
      actor: input.actor,
      action: to === 'valid' ? 'signatures.restored' : 'signatures.invalidated',
      subject: `petition:${input.petitionId}`,
      details: { petitionId: input.petitionId, count: changed.length, counted, filter: filterOf(selector) },
      reason: input.form.reason,
      at: deps.clock.now(),
    });
    return changed.length;
  });
}
