// The hearing report as CSV, for spreadsheets: the summary, then one table per section (EU member states
// with their ECI-style minimums and subtotal, other countries, days, flags, moderation), each after a
// blank line and a header row, in the report's language. Counts are plain numbers; every text cell is
// protected against formula injection. UTF-8 with a byte-order mark, so spreadsheets read Cyrillic right.
import { stringify } from 'csv-stringify/sync';
import type { HearingReport } from './build-report.ts';
import { safeRow } from './csv-cell.ts';
import type { ReportWords } from './present-report.ts';

type Row = (string | number)[];

export function renderReportCsv(report: HearingReport, w: ReportWords): string {
  const t = w.t;
  const rows: Row[] = [
    [t('reports.report.title'), report.petition.title],
    [t('reports.report.petition'), report.petition.slug],
    [t('reports.report.generatedAt'), report.generatedAt.toISOString()],
    [t('reports.report.latest'), report.highestConfirmedAt?.toISOString() ?? ''],
    [w.data],
    [w.period],
    [t('reports.report.confirmed'), report.total],
    [t('reports.report.euSubtotal'), report.euSubtotal],
    [t('reports.report.othersSubtotal'), report.othersSubtotal],
    [t('reports.report.statesPast'), report.statesPastMinimum],
    [t('reports.report.goal'), report.petition.goal],
    [`${t('reports.report.digestTitle')} (${t('reports.report.digestValue')})`, report.ledger.digest],
    [t('reports.report.digestSignatures'), report.ledger.size],
    [],
    [t('reports.report.memberStates'), t('reports.report.code'), t('reports.report.signatures'), t('reports.report.seats'), t('reports.report.minimum'), t('reports.report.share'), t('reports.report.reached')],
    ...report.memberStates.map((s) => [w.country(s.country), s.country, s.signatures, s.seats, s.minimum, w.percent(s.signatures, s.minimum), t(s.reached ? 'reports.report.yes' : 'reports.report.no')]),
    [t('reports.report.subtotalEu'), 'EU', report.euSubtotal],
    [],
    [t('reports.report.others'), t('reports.report.code'), t('reports.report.signatures')],
    ...report.others.map((c) => [w.country(c.country), c.country, c.signatures]),
    [t('reports.report.subtotalOthers'), '', report.othersSubtotal],
    [t('reports.report.total'), '', report.total],
    [],
    [t('reports.report.day'), t('reports.report.signatures'), t('reports.report.cumulative')],
    ...report.byDay.map((d) => [d.day, d.signatures, d.cumulative]),
    [],
    [t('reports.report.method')],
    [t('reports.report.doubleOptIn')],
    [t('reports.report.dedup')],
    [t('reports.report.notAnEci')],
    [t('reports.report.countries')],
    [w.invalidated],
    ...w.notCounted.map((line) => [line]),
    ...(w.counters ? [[w.counters]] : []),
    [],
    [t('reports.report.flaggedTitle'), t('reports.report.signatures'), t('reports.report.flag')],
    ...report.flagged.map((f) => [w.flag(f.flag), f.signatures, f.flag]),
    [],
    [t('reports.report.moderationTitle')],
    [t('reports.report.moderationKind'), t('reports.report.moderationReason'), t('reports.report.moderationActions'), t('reports.report.signatures')],
    ...w.moderation.map((m) => [m.kind, m.reason, m.actions, m.signatures]),
    [],
    [t('reports.report.digestTitle')],
    [t('reports.report.digestHowTo')],
  ];
  return stringify(rows.map(safeRow), { bom: true, record_delimiter: 'windows' });
}
