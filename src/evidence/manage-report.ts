// Use-cases of the organisers on a report: its status, keeping it past the retention period, deleting it
// now (with its files). Each writes its audit entry (`record`) in the same transaction.
import type { Tx } from '../db/knex.ts';
import type { EvidenceDeps } from './evidence-deps.ts';
import { deleteReports, lockReport, partsOf, setKeep, setStatus, type ReportStatus } from './reports.repo.ts';

type AuditHook = (trx: Tx) => Promise<void>;
export type ManageResult = { kind: 'done' } | { kind: 'not-found' };

export async function changeReportStatus(deps: EvidenceDeps, input: { reportId: string; status: ReportStatus; record: AuditHook }): Promise<ManageResult> {
  return deps.db.transaction(async (trx) => {
    if (!(await setStatus(trx, input.reportId, input.status))) return { kind: 'not-found' };
    await input.record(trx);
    return { kind: 'done' };
  });
}

export async function keepReport(deps: EvidenceDeps, input: { reportId: string; keep: boolean; record: AuditHook }): Promise<ManageResult> {
  return deps.db.transaction(async (trx) => {
    if (!(await setKeep(trx, input.reportId, input.keep))) return { kind: 'not-found' };
    await input.record(trx);
    return { kind: 'done' };
  });
}

/** Deletes a report and its files at once (the rows first: a file never outlives its row's commit). */
export async function deleteReport(deps: EvidenceDeps, input: { reportId: string; record: AuditHook }): Promise<ManageResult & { files?: number }> {
  const names = await deps.db.transaction(async (trx) => {
    if (!(await lockReport(trx, input.reportId))) return undefined;
    const parts = await partsOf(trx, input.reportId);
    await deleteReports(trx, [input.reportId]);
    await input.record(trx);
    return parts.map((p) => p.stored_name);
  });
  if (!names) return { kind: 'not-found' };
  await deps.store.discard(names);
  return { kind: 'done', files: names.length };
}
