// What the list's use-cases need. `record` writes the audit entry of an organiser's action in the
// use-case's own transaction (admin/ provides audit()).
import type { AppDeps } from '../container.ts';
import type { Tx } from '../db/knex.ts';

export type ListDeps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'logger'>;
export type AuditHook = (trx: Tx) => Promise<void>;
