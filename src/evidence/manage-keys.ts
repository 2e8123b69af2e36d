// Use-cases of the admins on the organisers' keys: add a public key (checked first; a private key is
// refused and never stored) and retire one. The retention period is the organisers' setting.
import type { Tx } from '../db/knex.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { insertKey, keyRowByFingerprint, retireKey } from './keys.repo.ts';
import { checkOrganiserKey, type KeyProblem, type OrganiserKeyInfo } from './organiser-key.ts';
import { RETENTION_RANGE, setRetentionDays } from './settings.repo.ts';

type AuditHook<T = void> = (trx: Tx, value: T) => Promise<void>;

export type AddKeyResult = { kind: 'added'; key: OrganiserKeyInfo } | { kind: 'refused'; problem: KeyProblem | 'known' };

export async function addOrganiserKey(deps: EvidenceDeps, input: { armored: string; by: number; record: AuditHook<OrganiserKeyInfo> }): Promise<AddKeyResult> {
  const checked = await checkOrganiserKey(input.armored.trim(), deps.clock.now());
  if (!checked.ok) return { kind: 'refused', problem: checked.problem };
  return deps.db.transaction(async (trx) => {
    if (await keyRowByFingerprint(trx, checked.key.fingerprint)) return { kind: 'refused', problem: 'known' } as const;
    await insertKey(trx, checked.key, input.by);
    await input.record(trx, checked.key);
    return { kind: 'added', key: checked.key } as const;
  });
}

export async function retireOrganiserKey(deps: EvidenceDeps, input: { keyId: number; by: number; record: AuditHook }): Promise<{ kind: 'retired' | 'not-found' }> {
  return deps.db.transaction(async (trx) => {
    if (!(await retireKey(trx, input.keyId, input.by, deps.clock.now()))) return { kind: 'not-found' } as const;
    await input.record(trx);
    return { kind: 'retired' } as const;
  });
}

export async function setRetention(deps: EvidenceDeps, input: { days: number; record: AuditHook }): Promise<{ kind: 'saved' | 'invalid' }> {
  if (!Number.isInteger(input.days) || input.days < RETENTION_RANGE.min || input.days > RETENTION_RANGE.max) return { kind: 'invalid' };
  await deps.db.transaction(async (trx) => {
    await setRetentionDays(trx, input.days);
    await input.record(trx);
  });
  return { kind: 'saved' };
}
