// Writes a hearing report in one of its formats to a stream (an HTTP response or a file), with the
// media type and a download name that is safe in any header and on any file system.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HearingReport, ReportFormat } from './build-report.ts';
import type { ReportWords } from './present-report.ts';
import { renderReportCsv } from './render-csv.ts';
import { reportJsonChunks } from './render-json.ts';
import { renderReportPdf } from './render-pdf.ts';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
};

/** e.g. hearing-report-zhanaozen-list-2026-12-01-kk.pdf (the slug is [a-z0-9-] already). */
export const reportFileName = (report: HearingReport, format: ReportFormat): string =>
  `hearing-report-${report.petition.slug}-${report.generatedAt.toISOString().slice(0, 10)}-${report.lang}.${format}`;

/** The path of the JSON report with the ledger, for the same period (what a verifier downloads). */
export function ledgerPath(report: HearingReport): string {
  const query = new URLSearchParams({ lang: report.lang, include: 'ledger' });
  if (report.period.from) query.set('from', report.period.from);
  if (report.period.to) query.set('to', report.period.to);
  return `/admin/petitions/${report.petition.slug}/report.json?${query.toString()}`;
}

export async function writeReport(report: HearingReport, words: ReportWords, format: ReportFormat, out: Writable, options: { includeLedger: boolean }): Promise<void> {
  const source =
    format === 'pdf' ? renderReportPdf(report, words)
    : format === 'csv' ? Readable.from([renderReportCsv(report, words)])
    : Readable.from(reportJsonChunks(report, words, { includeLedger: options.includeLedger, ledgerUrl: ledgerPath(report) }));
  await pipeline(source, out);
}
