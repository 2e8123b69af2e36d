// The hemicycle of the European Parliament as server-rendered SVG: one seat per seat of the 2024–2029
// Parliament (content/data/eu-seats.json: 720), in 15 rows, the groups in the order the Parliament
// seats them from left to right (vacant seats at the right end). Each seat is coloured by the MEP's
// recorded position and shaded by the letters they have received. d3-shape draws each group's band.
import { arc } from 'd3-shape';

export const ROWS = 15;
const INNER = 0.35;
const WIDTH = 400;
const HEIGHT = 214;
const CX = WIDTH / 2;
const CY = 205;
const SCALE = 190;

export interface Seat {
  readonly x: number;
  readonly y: number;
  readonly angle: number;
}

/** Seat centres, left to right by angle (ties: inner row first), on a half disc of radius 1. */
export function seatPositions(total: number, rows = ROWS): Seat[] {
  const radii = Array.from({ length: rows }, (_, i) => INNER + ((1 - INNER) * i) / (rows - 1));
  const sum = radii.reduce((a, b) => a + b, 0);
  const counts = radii.map((r) => Math.floor((total * r) / sum));
  const order = radii.map((r, i) => ({ i, rest: (total * r) / sum - counts[i]! })).sort((a, b) => b.rest - a.rest);
  const rest = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < rest; k += 1) counts[order[k]!.i]! += 1;
  const seats: (Seat & { row: number })[] = [];
  radii.forEach((r, row) => {
    const n = counts[row]!;
    for (let j = 0; j < n; j += 1) {
      const angle = n === 1 ? Math.PI / 2 : Math.PI - (Math.PI * j) / (n - 1);
      seats.push({ x: r * Math.cos(angle), y: r * Math.sin(angle), angle, row });
    }
  });
  return seats.sort((a, b) => b.angle - a.angle || a.row - b.row).map(({ x, y, angle }) => ({ x, y, angle }));
}

export interface HemicycleSeat {
  /** A group's colour class; undefined for a vacant seat. */
  readonly fill: string;
  readonly label?: string;
}

export interface HemicycleGroup {
  readonly code: string;
  readonly label: string;
  readonly seats: readonly HemicycleSeat[];
  readonly colour: string;
}

const round = (n: number) => Math.round(n * 10) / 10;
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The SVG: a band under each group (its colour, d3-shape arc), then the seats. `vacant` seats follow
 * the last group. The caller gives the title and description (accessible name) already translated.
 */
export function hemicycleSvg(input: { groups: readonly HemicycleGroup[]; total: number; title: string; description: string; vacantFill: string; vacantLabel: string }): string {
  const positions = seatPositions(input.total);
  const seats = input.groups.flatMap((g) => g.seats.map((s) => ({ ...s, group: g.code })));
  if (seats.length > input.total) throw new Error(`hemicycleSvg: ${seats.length} MEPs for ${input.total} seats`);
  while (seats.length < input.total) seats.push({ fill: input.vacantFill, label: input.vacantLabel, group: '' });
  const band = arc<{ start: number; end: number }>()
    .innerRadius(SCALE * 1.04)
    .outerRadius(SCALE * 1.08)
    .startAngle((d) => d.start)
    .endAngle((d) => d.end);
  const bands: string[] = [];
  let index = 0;
  for (const group of input.groups) {
    if (group.seats.length === 0) continue;
    const first = positions[index]!;
    const last = positions[index + group.seats.length - 1]!;
    index += group.seats.length;
    // d3 measures angles clockwise from 12 o'clock; ours run anticlockwise from 3 o'clock.
    const path = band({ start: Math.PI / 2 - first.angle, end: Math.PI / 2 - last.angle }) ?? '';
    bands.push(`<path d="${path}" fill="${group.colour}" transform="translate(${CX} ${CY})"><title>${escapeXml(group.label)}</title></path>`);
  }
  const r = round(SCALE * 0.0185);
  const circles = seats.map((s, i) => {
    const p = positions[i]!;
    const title = s.label ? `<title>${escapeXml(s.label)}</title>` : '';
    return `<circle cx="${round(CX + SCALE * p.x)}" cy="${round(CY - SCALE * p.y)}" r="${r}" fill="${s.fill}">${title}</circle>`;
  });
  return (
    `<svg class="hemicycle" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="hemicycle-title hemicycle-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="hemicycle-title">${escapeXml(input.title)}</title><desc id="hemicycle-desc">${escapeXml(input.description)}</desc>` +
    `<g class="hemicycle__bands">${bands.join('')}</g><g class="hemicycle__seats">${circles.join('')}</g></svg>`
  );
}
