// The hearing report as a printable A4 PDF in the report's language: the summary and what Dauys is not
// (an ECI), the chart of signatures per day, the member-state table against the ECI-style minimums, the
// other countries, the method (double opt-in, deduplication, what was not counted and why, the flags),
// the integrity digest with how to check it, and the days. Every page has a header and "page n of m".
import { INTL_LOCALE } from '../i18n/languages.ts';
import type { HearingReport } from './build-report.ts';
import { dailyChart } from './pdf-chart.ts';
import { BOLD, INK, MUTED, REGULAR, contentWidth, createPdf, decoratePages, heading, paragraph, printable, table, type TableRow } from './pdf-layout.ts';
import type { ReportWords } from './present-report.ts';

function summary(doc: PDFKit.PDFDocument, report: HearingReport, w: ReportWords): void {
  const t = w.t;
  const facts: [string, string][] = [
    [t('reports.report.confirmed'), w.number(report.total)],
    [t('reports.report.euSubtotal'), w.number(report.euSubtotal)],
    [t('reports.report.othersSubtotal'), w.number(report.othersSubtotal)],
    [t('reports.report.statesPast'), t('reports.report.statesPastValue', { n: w.number(report.statesPastMinimum), total: w.number(report.memberStates.length) })],
    [t('reports.report.goal'), w.number(report.petition.goal)],
  ];
  const left = doc.page.margins.left;
  const labelWidth = contentWidth(doc) * 0.62;
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font(REGULAR).fontSize(11).fillColor(INK).text(printable(label), left, y, { width: labelWidth - 8 });
    const after = doc.y;
    doc.font(BOLD).fontSize(11).text(printable(value), left + labelWidth, y, { width: contentWidth(doc) - labelWidth, align: 'right' });
    doc.y = Math.max(after, doc.y) + 3;
  }
  doc.x = left;
  doc.moveDown(0.5);
}

const memberStateRows = (report: HearingReport, w: ReportWords): TableRow[] => [
  ...report.memberStates.map((s) => ({
    cells: [`${w.country(s.country)} (${s.country})`, w.number(s.signatures), w.number(s.seats), w.number(s.minimum), w.percent(s.signatures, s.minimum), w.t(s.reached ? 'reports.report.yes' : 'reports.report.no')],
  })),
  { cells: [w.t('reports.report.subtotalEu'), w.number(report.euSubtotal), w.number(report.memberStates.reduce((n, s) => n + s.seats, 0)), '', '', w.number(report.statesPastMinimum)], bold: true },
];

function method(doc: PDFKit.PDFDocument, report: HearingReport, w: ReportWords): void {
  const t = w.t;
  heading(doc, t('reports.report.method'));
  for (const key of ['reports.report.doubleOptIn', 'reports.report.dedup', 'reports.report.countries'] as const) paragraph(doc, t(key));
  paragraph(doc, w.invalidated, { bold: true });
  for (const line of w.notCounted) paragraph(doc, line);
  if (w.counters) paragraph(doc, w.counters);
  heading(doc, t('reports.report.moderationTitle'), 11);
  if (w.moderation.length === 0) paragraph(doc, t('reports.report.moderationNone'));
  else
    table(
      doc,
      [{ label: t('reports.report.moderationKind'), share: 0.2 }, { label: t('reports.report.moderationReason'), share: 0.5 }, { label: t('reports.report.moderationActions'), share: 0.12, align: 'right' }, { label: t('reports.report.signatures'), share: 0.18, align: 'right' }],
      w.moderation.map((m) => ({ cells: [m.kind, m.reason, w.number(m.actions), w.number(m.signatures)] })),
    );
  heading(doc, t('reports.report.flaggedTitle'), 11);
  paragraph(doc, report.flagged.length > 0 ? t('reports.report.flaggedIntro') : t('reports.report.flaggedNone'));
  if (report.flagged.length > 0)
    table(doc, [{ label: t('reports.report.flag'), share: 0.8 }, { label: t('reports.report.signatures'), share: 0.2, align: 'right' }], report.flagged.map((f) => ({ cells: [w.flag(f.flag), w.number(f.signatures)] })));
}

function digest(doc: PDFKit.PDFDocument, report: HearingReport, w: ReportWords): void {
  const t = w.t;
  heading(doc, t('reports.report.digestTitle'), 14, 230); // the whole section on one page
  paragraph(doc, t('reports.report.digestIntro'));
  paragraph(doc, `${t('reports.report.digestValue')}: ${report.ledger.digest}`, { bold: true, size: 10 });
  paragraph(doc, `${t('reports.report.digestSignatures')}: ${w.number(report.ledger.size)}`);
  paragraph(doc, t('reports.report.digestHowTo'), { size: 9, color: MUTED });
}

/** The PDF as a readable stream (pipe it to a response or a file). */
export function renderReportPdf(report: HearingReport, w: ReportWords): PDFKit.PDFDocument {
  const t = w.t;
  const doc = createPdf({ title: `${t('reports.report.title')}: ${report.petition.title}`, subject: w.subtitle, lang: INTL_LOCALE[report.lang], createdAt: report.generatedAt });
  doc.font(BOLD).fontSize(20).text(printable(t('reports.report.title')));
  doc.font(BOLD).fontSize(13).text(printable(w.subtitle));
  doc.moveDown(0.4);
  for (const line of [w.generated, w.data, w.period]) paragraph(doc, line, { size: 9.5, color: MUTED });

  heading(doc, t('reports.report.summary'));
  summary(doc, report, w);
  paragraph(doc, t('reports.report.notAnEci'), { size: 9 });

  heading(doc, t('reports.report.chartTitle'), 14, 200);
  if (report.byDay.length === 0) paragraph(doc, t('reports.report.chartNone'));
  else dailyChart(doc, report.byDay, w.number);

  heading(doc, t('reports.report.memberStates'), 14, 160); // the header and several rows, or a new page
  table(
    doc,
    [
      { label: t('reports.report.country'), share: 0.4 },
      { label: t('reports.report.signatures'), share: 0.12, align: 'right' },
      { label: t('reports.report.seats'), share: 0.11, align: 'right' },
      { label: t('reports.report.minimum'), share: 0.14, align: 'right' },
      { label: t('reports.report.share'), share: 0.12, align: 'right' },
      { label: t('reports.report.reached'), share: 0.11, align: 'right' },
    ],
    memberStateRows(report, w),
  );

  heading(doc, t('reports.report.others'), 14, 60);
  if (report.others.length === 0) paragraph(doc, t('reports.report.othersNone'));
  else
    table(doc, [{ label: t('reports.report.country'), share: 0.7 }, { label: t('reports.report.signatures'), share: 0.3, align: 'right' }], [
      ...report.others.map((c) => ({ cells: [`${w.country(c.country)} (${c.country})`, w.number(c.signatures)] })),
      { cells: [t('reports.report.subtotalOthers'), w.number(report.othersSubtotal)], bold: true },
      { cells: [t('reports.report.total'), w.number(report.total)], bold: true },
    ]);

  method(doc, report, w);
  digest(doc, report, w);

  if (report.byDay.length > 0) {
    heading(doc, t('reports.report.byDay'), 14, 60);
    table(
      doc,
      [{ label: t('reports.report.day'), share: 0.4 }, { label: t('reports.report.signatures'), share: 0.3, align: 'right' }, { label: t('reports.report.cumulative'), share: 0.3, align: 'right' }],
      report.byDay.map((d) => ({ cells: [d.day, w.number(d.signatures), w.number(d.cumulative)] })),
    );
  }

  const shortDigest = report.ledger.digest.slice(0, 16);
  decoratePages(doc, t('reports.report.header', { title: report.petition.title }), (page, pages) =>
    t('reports.report.footer', { page: w.number(page), pages: w.number(pages), date: w.dateTime(report.generatedAt), digest: shortDigest }),
  );
  doc.end();
  return doc;
}
