// Building blocks of the printed report (pdfkit): an A4 document with Noto Sans embedded (it has the
// Kazakh, Russian and Polish letters), headings, paragraphs that never split from their heading, tables
// that repeat their header on each page, and a header and footer with page numbers on every page.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type PDFKitDocument from 'pdfkit';
import { lazyRequire } from '../lib/lazy-module.ts';

/** pdfkit (about 30 MB resident once loaded) is required on the first PDF, not at start-up. */
const PDFDocument = lazyRequire<typeof PDFKitDocument>('pdfkit');

const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'fonts');
export const REGULAR = 'noto-400';
export const BOLD = 'noto-700';

export const MARGIN = 56;
const TOP = 72;
const BOTTOM = 64;
export const INK = '#1a1a1a';
export const MUTED = '#555555';
export const RULE = '#b8b8b8';
export const ACCENT = '#1d4e89';
const HEAD_FILL = '#eef1f5';

/** Noto Sans has no narrow no-break space (Intl puts one in some dates): a no-break space prints the same. */
export const printable = (text: string): string => text.replace(/\u202f/g, '\u00a0');

export function createPdf(meta: { title: string; subject: string; lang: string; createdAt: Date }): PDFKit.PDFDocument {
  const doc = new (PDFDocument())({
    size: 'A4',
    margins: { top: TOP, bottom: BOTTOM, left: MARGIN, right: MARGIN },
    bufferPages: true,
    font: path.join(FONTS_DIR, 'noto-sans-400.ttf'),
    lang: meta.lang,
    displayTitle: true,
    info: { Title: printable(meta.title), Subject: printable(meta.subject), Author: 'Dauys', Creator: 'Dauys', CreationDate: meta.createdAt, ModDate: meta.createdAt },
  });
  doc.registerFont(REGULAR, path.join(FONTS_DIR, 'noto-sans-400.ttf'));
  doc.registerFont(BOLD, path.join(FONTS_DIR, 'noto-sans-700.ttf'));
  doc.font(REGULAR).fontSize(10).fillColor(INK);
  return doc;
}

export const contentWidth = (doc: PDFKit.PDFDocument): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
}

export function heading(doc: PDFKit.PDFDocument, text: string, size = 14, keepWith = 60): void {
  doc.font(BOLD).fontSize(size);
  const height = doc.heightOfString(printable(text), { width: contentWidth(doc) });
  ensureSpace(doc, height + keepWith);
  if (doc.y > doc.page.margins.top) doc.moveDown(0.6);
  doc.fillColor(INK).text(printable(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
  doc.font(REGULAR).fontSize(10);
}

export function paragraph(doc: PDFKit.PDFDocument, text: string, options: { size?: number; color?: string; bold?: boolean } = {}): void {
  doc.font(options.bold ? BOLD : REGULAR).fontSize(options.size ?? 10).fillColor(options.color ?? INK);
  const height = doc.heightOfString(printable(text), { width: contentWidth(doc), lineGap: 1.5 });
  ensureSpace(doc, Math.min(height, 40));
  doc.text(printable(text), doc.page.margins.left, doc.y, { width: contentWidth(doc), lineGap: 1.5 });
  doc.moveDown(0.5);
  doc.font(REGULAR).fontSize(10).fillColor(INK);
}

export interface Column {
  readonly label: string;
  /** Share of the content width. */
  readonly share: number;
  readonly align?: 'left' | 'right';
}

export interface TableRow {
  readonly cells: readonly string[];
  readonly bold?: boolean;
}

const PAD = 4;

function rowHeight(doc: PDFKit.PDFDocument, cells: readonly string[], widths: readonly number[]): number {
  return Math.max(...cells.map((c, i) => doc.heightOfString(printable(c), { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
}

function drawRow(doc: PDFKit.PDFDocument, columns: readonly Column[], widths: readonly number[], cells: readonly string[], y: number, height: number): void {
  let x = doc.page.margins.left;
  cells.forEach((cell, i) => {
    doc.text(printable(cell), x + PAD, y + PAD, { width: widths[i]! - 2 * PAD, align: columns[i]!.align ?? 'left', lineBreak: true });
    x += widths[i]!;
  });
  doc.moveTo(doc.page.margins.left, y + height).lineTo(doc.page.margins.left + contentWidth(doc), y + height).lineWidth(0.4).strokeColor(RULE).stroke();
}

/** A table whose header row is repeated at the top of every page it runs onto. */
export function table(doc: PDFKit.PDFDocument, columns: readonly Column[], rows: readonly TableRow[], size = 9): void {
  const widths = columns.map((c) => c.share * contentWidth(doc));
  const header = () => {
    doc.font(BOLD).fontSize(size);
    const height = rowHeight(doc, columns.map((c) => c.label), widths);
    const y = doc.y;
    doc.rect(doc.page.margins.left, y, contentWidth(doc), height).fill(HEAD_FILL);
    doc.fillColor(INK);
    drawRow(doc, columns, widths, columns.map((c) => c.label), y, height);
    doc.y = y + height;
  };
  doc.font(BOLD).fontSize(size);
  ensureSpace(doc, rowHeight(doc, columns.map((c) => c.label), widths) + 3 * size);
  header();
  for (const row of rows) {
    doc.font(row.bold ? BOLD : REGULAR).fontSize(size).fillColor(INK);
    const height = rowHeight(doc, row.cells, widths);
    if (doc.y + height > doc.page.maxY()) {
      doc.addPage();
      header();
      doc.font(row.bold ? BOLD : REGULAR).fontSize(size).fillColor(INK);
    }
    const y = doc.y;
    drawRow(doc, columns, widths, row.cells, y, height);
    doc.y = y + height;
  }
  doc.x = doc.page.margins.left;
  doc.moveDown(0.8);
  doc.font(REGULAR).fontSize(10);
}

/** The running header and "page n of m" footer, written on every page once the content is laid out. */
export function decoratePages(doc: PDFKit.PDFDocument, header: string, footer: (page: number, pages: number) => string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i += 1) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const saved = margins.bottom;
    margins.bottom = 0; // writing in the margin must not start a new page
    const width = doc.page.width - margins.left - margins.right;
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    doc.text(printable(header), margins.left, 32, { width, lineBreak: false, ellipsis: true });
    doc.moveTo(margins.left, 46).lineTo(margins.left + width, 46).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.text(printable(footer(i - start + 1, count)), margins.left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    margins.bottom = saved;
  }
}
