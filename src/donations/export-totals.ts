// Use-case: an organiser downloads the totals as CSV. The export is written to the audit log (who, when,
// how many rows) before the file is handed over: no export without its entry.
import { audit } from '../admin/index.ts';
import type { DonationDeps } from './donation-deps.ts';
import { loadTotals } from './load-totals.ts';
import { totalsCsv } from './totals-csv.ts';

export async function exportTotals(deps: DonationDeps, input: { actor: string }): Promise<{ csv: string; rows: number }> {
  const totals = await loadTotals(deps);
  const csv = totalsCsv(totals.months);
  await audit(deps.db, { actor: input.actor, action: 'export.donation-totals', subject: `campaign:${deps.campaign}`, details: { format: 'csv', rows: totals.months.length }, at: deps.clock.now() });
  return { csv, rows: totals.months.length };
}
