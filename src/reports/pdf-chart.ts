// The chart of confirmed signatures per day, drawn with pdfkit's vector calls (bars, grid lines, axis
// labels), so it prints sharply at any size. Days without signatures between the first and the last day
// are drawn as gaps, not left out.
import { MUTED, RULE, ACCENT, INK, REGULAR, contentWidth, ensureSpace, printable } from './pdf-layout.ts';

const DAY_MS = 24 * 3600 * 1000;

/** Every day from the first to the last, with 0 where there were no signatures. */
export function filledDays(days: readonly { day: string; signatures: number }[]): { day: string; signatures: number }[] {
  if (days.length === 0) return [];
  const counts = new Map(days.map((d) => [d.day, d.signatures]));
  const first = Date.parse(`${days[0]!.day}T00:00:00Z`);
  const last = Date.parse(`${days[days.length - 1]!.day}T00:00:00Z`);
  const out: { day: string; signatures: number }[] = [];
  for (let at = first; at <= last; at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10);
    out.push({ day, signatures: counts.get(day) ?? 0 });
  }
  return out;
}

/** A round step for about `ticks` grid lines up to `max` (1, 2 or 5 × a power of ten). */
export function niceStep(max: number, ticks = 4): number {
  const raw = Math.max(max, 1) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return Math.max(1, step);
}

export function dailyChart(doc: PDFKit.PDFDocument, days: readonly { day: string; signatures: number }[], formatNumber: (n: number) => string, height = 190): void {
  const series = filledDays(days);
  ensureSpace(doc, height + 10);
  const left = doc.page.margins.left;
  const top = doc.y + 6;
  const width = contentWidth(doc);
  const max = Math.max(...series.map((d) => d.signatures), 1);
  const step = niceStep(max);
  const ceiling = Math.ceil(max / step) * step;
  doc.font(REGULAR).fontSize(7);
  const labelWidth = Math.max(...Array.from({ length: ceiling / step + 1 }, (_, i) => doc.widthOfString(formatNumber(i * step)))) + 6;
  const plot = { x: left + labelWidth, y: top, w: width - labelWidth, h: height - 24 };

  for (let value = 0; value <= ceiling; value += step) {
    const y = plot.y + plot.h - (value / ceiling) * plot.h;
    doc.moveTo(plot.x, y).lineTo(plot.x + plot.w, y).lineWidth(value === 0 ? 0.8 : 0.3).strokeColor(value === 0 ? INK : RULE).stroke();
    doc.fillColor(MUTED).text(printable(formatNumber(value)), left, y - 4, { width: labelWidth - 4, align: 'right', lineBreak: false });
  }
  const slot = plot.w / Math.max(series.length, 1);
  const barWidth = Math.max(0.6, slot * (series.length > 60 ? 0.9 : 0.7));
  series.forEach((d, i) => {
    if (d.signatures === 0) return;
    const h = (d.signatures / ceiling) * plot.h;
    doc.rect(plot.x + i * slot + (slot - barWidth) / 2, plot.y + plot.h - h, barWidth, h).fill(ACCENT);
  });
  // Up to six dates under the axis, the first and the last always.
  const labels = series.length <= 1 ? [0] : [...new Set(Array.from({ length: 6 }, (_, k) => Math.round((k * (series.length - 1)) / 5)))];
  doc.fillColor(MUTED).fontSize(7);
  for (const i of labels) {
    const text = series[i]?.day ?? '';
    const w = doc.widthOfString(text);
    const centre = plot.x + i * slot + slot / 2;
    const x = Math.min(Math.max(centre - w / 2, plot.x), plot.x + plot.w - w);
    doc.text(text, x, plot.y + plot.h + 5, { lineBreak: false });
  }
  doc.font(REGULAR).fontSize(10).fillColor(INK);
  doc.x = left;
  doc.y = top + height;
}
