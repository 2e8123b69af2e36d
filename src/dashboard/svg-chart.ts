// Signatures per day as SVG, rendered on the server with d3-shape: the confirmed (counted) signatures
// of each UTC day as an area, the signatures created that day as a line (a gap between the two that
// grows shows confirmation mail not arriving). Axis labels: the first and last day, zero and the maximum.
import { area, curveMonotoneX, line } from 'd3-shape';
import { escapeXml, round } from './svg-text.ts';

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 260;
const M = { top: 16, right: 16, bottom: 34, left: 56 };

export interface ChartDay {
  /** YYYY-MM-DD (UTC) */
  readonly day: string;
  readonly confirmed: number;
  readonly created: number;
}

export interface ChartInput {
  readonly days: readonly ChartDay[];
  readonly title: string;
  readonly description: string;
  readonly confirmedLabel: string;
  readonly createdLabel: string;
  readonly formatNumber: (n: number) => string;
  readonly formatDay: (day: string) => string;
}

export function perDayChartSvg(input: ChartInput): string {
  const w = CHART_WIDTH - M.left - M.right;
  const h = CHART_HEIGHT - M.top - M.bottom;
  const days = input.days;
  const max = Math.max(1, ...days.map((d) => Math.max(d.confirmed, d.created)));
  const x = (i: number) => M.left + (days.length <= 1 ? w / 2 : (i * w) / (days.length - 1));
  const y = (n: number) => M.top + h - (n / max) * h;
  const confirmedArea = area<ChartDay>().x((_, i) => x(i)).y0(y(0)).y1((d) => y(d.confirmed)).curve(curveMonotoneX).digits(1)(days as ChartDay[]) ?? '';
  const createdLine = line<ChartDay>().x((_, i) => x(i)).y((d) => y(d.created)).curve(curveMonotoneX).digits(1)(days as ChartDay[]) ?? '';
  const first = days[0];
  const last = days[days.length - 1];
  const text = (tx: number, ty: number, anchor: string, value: string) => `<text x="${round(tx)}" y="${round(ty)}" text-anchor="${anchor}" font-size="12" fill="#222222">${escapeXml(value)}</text>`;
  const axes =
    `<line x1="${M.left}" y1="${y(0)}" x2="${M.left + w}" y2="${y(0)}" stroke="#555555"/>` +
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${y(0)}" stroke="#555555"/>` +
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left + w}" y2="${M.top}" stroke="#cccccc" stroke-dasharray="3 3"/>` +
    text(M.left - 6, y(0) + 4, 'end', input.formatNumber(0)) +
    text(M.left - 6, M.top + 4, 'end', input.formatNumber(max)) +
    (first ? text(x(0), CHART_HEIGHT - 14, days.length <= 1 ? 'middle' : 'start', input.formatDay(first.day)) : '') +
    (last && days.length > 1 ? text(x(days.length - 1), CHART_HEIGHT - 14, 'end', input.formatDay(last.day)) : '');
  const legend =
    `<rect x="${M.left + 8}" y="${M.top + 4}" width="12" height="12" fill="#4a98c9"/>` + text(M.left + 26, M.top + 14, 'start', input.confirmedLabel) +
    `<line x1="${M.left + 8}" y1="${M.top + 28}" x2="${M.left + 20}" y2="${M.top + 28}" stroke="#b3541e" stroke-width="2"/>` + text(M.left + 26, M.top + 32, 'start', input.createdLabel);
  const single = days.length === 1 ? `<circle cx="${x(0)}" cy="${round(y(days[0]!.confirmed))}" r="3" fill="#1764ab"/>` : '';
  return (
    `<svg class="dashboard-chart" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="chart-title">${escapeXml(input.title)}</title><desc id="chart-desc">${escapeXml(input.description)}</desc>` +
    `<path d="${confirmedArea}" fill="#4a98c9" fill-opacity="0.8"/>${single}` +
    `<path d="${createdLine}" fill="none" stroke="#b3541e" stroke-width="2"/>${axes}${legend}</svg>`
  );
}
