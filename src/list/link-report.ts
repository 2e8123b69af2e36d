// Use-cases: an organiser links an entry to the evidence reports it draws on, or removes a link. The links
// are for organisers only; they are never published or exported.
import { findReportId } from '../evidence/index.ts';
import { entryById, linkReport, unlinkReport } from './entries.repo.ts';
import type { AuditHook, ListDeps } from './list-deps.ts';

export type LinkResult = { kind: 'linked'; reportId: string } | { kind: 'not-found' } | { kind: 'no-report' };

export async function linkEntryToReport(deps: Pick<ListDeps, 'db'>, input: { entryId: number; report: string; by: number; record: (reportId: string) => AuditHook }): Promise<LinkResult> {
  if (!(await entryById(deps.db, input.entryId))) return { kind: 'not-found' };
  const reportId = await findReportId(deps.db, input.report);
  if (!reportId) return { kind: 'no-report' };
  await deps.db.transaction(async (trx) => {
    await linkReport(trx, input.entryId, reportId, input.by);
    await input.record(reportId)(trx);
  });
  return { kind: 'linked', reportId };
}

export async function unlinkEntryFromReport(deps: Pick<ListDeps, 'db'>, input: { entryId: number; reportId: string; record: AuditHook }): Promise<void> {
  await deps.db.transaction(async (trx) => {
    await unlinkReport(trx, input.entryId, input.reportId);
    await input.record(trx);
  });
}
