// A map of Europe as SVG, rendered on the server (d3-geo, world-atlas countries-50m so Malta and
// Luxembourg exist): each country shaded by its signatures, with its name and number as a tooltip title.
// The projected outlines are the same for every request, so they are computed once per process.
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { geoAzimuthalEqualArea, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { escapeXml } from './svg-text.ts';

const require = createRequire(import.meta.url);
export const MAP_WIDTH = 640;
export const MAP_HEIGHT = 560;

interface Outline {
  readonly country: string | null;
  readonly d: string;
}

let outlines: readonly Outline[] | undefined;

/** Lambert azimuthal equal-area centred on 10°E 52°N (as EPSG:3035, the EU's statistical maps), fitted to Europe. */
function projectOutlines(): readonly Outline[] {
  const topology = require('world-atlas/countries-50m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const all = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const frame: GeoPermissibleObjects = { type: 'MultiPoint', coordinates: [[-10, 35], [14, 34.5], [35, 34], [-9, 61], [31, 70], [10, 70]] };
  const projection = geoAzimuthalEqualArea().rotate([-10, -52]).fitExtent([[4, 4], [MAP_WIDTH - 4, MAP_HEIGHT - 4]], frame).clipExtent([[0, 0], [MAP_WIDTH, MAP_HEIGHT]]);
  const path = geoPath(projection).digits(0);
  const result: Outline[] = [];
  for (const f of all.features as Feature<Geometry, { name: string }>[]) {
    const [[x0, y0], [x1, y1]] = path.bounds(f);
    if (!(x1 > 0 && y1 > 0 && x0 < MAP_WIDTH && y0 < MAP_HEIGHT)) continue; // off the map
    const d = path(f);
    if (!d) continue;
    const numeric = typeof f.id === 'string' || typeof f.id === 'number' ? String(f.id).padStart(3, '0') : null;
    result.push({ country: (numeric && countries.numericToAlpha2(numeric)) || null, d });
  }
  return result;
}

export interface MapInput {
  readonly counts: Readonly<Record<string, number>>;
  /** The accessible name and description, translated. */
  readonly title: string;
  readonly description: string;
  /** "Poland: 1,234 signatures", for each country code and its count. */
  readonly label: (country: string, count: number) => string;
  readonly legendLabel: (from: number, to: number | null) => string;
}

/** Sequential blues (light to dark), then the colour of "none". */
const SHADES = ['#dbe9f6', '#9ecae1', '#4a98c9', '#1764ab', '#08306b'] as const;
const NONE = '#eeeeee';

/** Class limits: powers of ten above the smallest, so a few large countries do not wash out the rest. */
export function shadeOf(count: number): string {
  if (count <= 0) return NONE;
  const step = Math.min(SHADES.length - 1, Math.floor(Math.log10(count)));
  return SHADES[step]!;
}

export function europeMapSvg(input: MapInput): string {
  outlines ??= projectOutlines();
  const paths = outlines.map((o) => {
    const count = o.country ? (input.counts[o.country] ?? 0) : 0;
    const title = o.country ? `<title>${escapeXml(input.label(o.country, count))}</title>` : '';
    return `<path d="${o.d}" fill="${shadeOf(count)}" stroke="#ffffff" stroke-width="0.5">${title}</path>`;
  });
  const legend = [NONE, ...SHADES].map((fill, i) => {
    const from = i === 0 ? 0 : 10 ** (i - 1);
    const to = i === 0 ? 0 : i === SHADES.length ? null : 10 ** i - 1;
    const y = 120 + i * 18; // over the Atlantic, between Iceland and Ireland
    return `<rect x="8" y="${y}" width="14" height="14" fill="${fill}" stroke="#555555" stroke-width="0.5"/><text x="28" y="${y + 11}" font-size="11" fill="#222222">${escapeXml(input.legendLabel(from, to))}</text>`;
  });
  return (
    `<svg class="dashboard-map" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" role="img" aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="map-title">${escapeXml(input.title)}</title><desc id="map-desc">${escapeXml(input.description)}</desc>` +
    `<rect width="${MAP_WIDTH}" height="${MAP_HEIGHT}" fill="#f4f8fb"/><g>${paths.join('')}</g><g>${legend.join('')}</g></svg>`
  );
}
