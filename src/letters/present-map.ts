// The pressure map's view model: the hemicycle (every seat, by group in seating order, coloured by the
// MEP's recorded position and shaded by the letters they received) and the tables beside it: by
// group, by country, and the MEPs who received the most letters with their response rate.
import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_DIR } from '../db/content-files.ts';
import { countryName } from '../i18n/countries.ts';
import type { Translate } from '../i18n/i18n.ts';
import { INTL_LOCALE, type Lang } from '../i18n/languages.ts';
import { GROUPS, sittingMeps, type DirectorySnapshot, type Mep } from '../meps/index.ts';
import { hemicycleSvg } from './hemicycle.ts';
import type { MepCounts } from './letters.repo.ts';
import { POSITIONS, type Position, type RecordedPosition } from './positions.repo.ts';

/** Seats of the 2024–2029 Parliament per member state (content/data/eu-seats.json): 720 in all. */
export const SEATS: Readonly<Record<string, number>> = (JSON.parse(fs.readFileSync(path.join(CONTENT_DIR, 'data', 'eu-seats.json'), 'utf8')) as { seats: Record<string, number> }).seats;
export const TOTAL_SEATS = Object.values(SEATS).reduce((a, b) => a + b, 0);

type Shade = Position | 'none';
/** Colour-blind-safe hues (Okabe–Ito) per position; grey where none is recorded. */
export const POSITION_COLOURS: Readonly<Record<Shade, string>> = { supports: '#0072b2', opposes: '#d55e00', undecided: '#cc79a7', no_answer: '#5f6670', none: '#aab2bd' };
/** Letters received → how much of the hue (the rest is white): none, 1–9, 10–99, 100 or more. */
export const LETTER_BUCKETS: readonly { min: number; strength: number }[] = [
  { min: 0, strength: 0.3 },
  { min: 1, strength: 0.55 },
  { min: 10, strength: 0.8 },
  { min: 100, strength: 1 },
];
const POSITION_KEYS: Record<Shade, string> = { supports: 'letters.position.supports', opposes: 'letters.position.opposes', undecided: 'letters.position.undecided', no_answer: 'letters.position.no_answer', none: 'letters.position.none' };
export const GROUP_COLOURS: Readonly<Record<string, string>> = { 'The Left': '#8b1a1a', 'S&D': '#c0392b', 'Greens/EFA': '#2e7d32', Renew: '#d4a017', EPP: '#1f5fa8', ECR: '#0e3d66', PfE: '#3b2b6b', ESN: '#4a3426', NI: '#777777' };

function mix(hex: string, strength: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.round(255 - (255 - ((n >> shift) & 255)) * strength);
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, '0')).join('')}`;
}

const bucketOf = (letters: number) => [...LETTER_BUCKETS].reverse().find((b) => letters >= b.min)!;
export const seatFill = (position: Shade, letters: number): string => mix(POSITION_COLOURS[position], bucketOf(letters).strength);

interface Tally {
  seats: number;
  letters: number;
  replied: number;
  answered: number;
  positions: Record<Shade, number>;
}

const emptyTally = (): Tally => ({ seats: 0, letters: 0, replied: 0, answered: 0, positions: { supports: 0, opposes: 0, undecided: 0, no_answer: 0, none: 0 } });

export interface MapView {
  readonly svg: string;
  readonly legend: { positions: { label: string; colour: string }[]; buckets: { label: string; colour: string }[] };
  readonly byGroup: { label: string; code: string; tally: Tally; rate: string }[];
  readonly byCountry: { label: string; code: string; seats: number; tally: Tally; rate: string }[];
  readonly top: { name: string; group: string; country: string; position: string; letters: number; rate: string }[];
  readonly totals: { letters: number; meps: number; vacant: number };
  readonly positionLabels: { key: Shade; label: string }[];
}

export function presentMap(input: { t: Translate; lang: Lang; snapshot: DirectorySnapshot; counts: ReadonlyMap<number, MepCounts>; positions: ReadonlyMap<number, RecordedPosition> }): MapView {
  const { t, lang, counts, positions } = input;
  const formatNumber = new Intl.NumberFormat(INTL_LOCALE[lang]);
  const collator = new Intl.Collator(INTL_LOCALE[lang]);
  const meps = sittingMeps(input.snapshot);
  const shadeOf = (m: Mep): Shade => positions.get(m.id)?.position ?? 'none';
  const lettersOf = (m: Mep) => counts.get(m.id)?.sent ?? 0;
  const rate = (replied: number, answered: number) => (answered === 0 ? t('letters.map.noAnswers') : t('letters.map.rate', { replied: formatNumber.format(replied), answered: formatNumber.format(answered), count: answered }));
  const seatLabel = (m: Mep) => {
    const c = counts.get(m.id);
    return `${m.fullName} (${m.group}, ${m.country}): ${t(POSITION_KEYS[shadeOf(m)])}; ${t('letters.map.lettersCount', { count: lettersOf(m), formatted: formatNumber.format(lettersOf(m)) })}; ${rate(c?.replied ?? 0, (c?.replied ?? 0) + (c?.noReply ?? 0))}`;
  };
  const order: Shade[] = [...POSITIONS, 'none'];
  const groups = GROUPS.map((code) => {
    const members = meps.filter((m) => m.group === code).sort((a, b) => order.indexOf(shadeOf(a)) - order.indexOf(shadeOf(b)) || lettersOf(b) - lettersOf(a) || a.country.localeCompare(b.country));
    return { code, label: code, colour: GROUP_COLOURS[code] ?? '#777777', seats: members.map((m) => ({ fill: seatFill(shadeOf(m), lettersOf(m)), label: seatLabel(m) })) };
  });
  const tally = (list: readonly Mep[]) =>
    list.reduce((acc, m) => {
      const c = counts.get(m.id);
      acc.seats += 1;
      acc.letters += c?.sent ?? 0;
      acc.replied += c?.replied ?? 0;
      acc.answered += (c?.replied ?? 0) + (c?.noReply ?? 0);
      acc.positions[shadeOf(m)] += 1;
      return acc;
    }, emptyTally());
  const totalLetters = meps.reduce((sum, m) => sum + lettersOf(m), 0);
  const vacant = TOTAL_SEATS - meps.length;
  const svg = hemicycleSvg({
    groups,
    total: TOTAL_SEATS,
    title: t('letters.map.svgTitle', { count: TOTAL_SEATS }),
    description: t('letters.map.svgDescription', { meps: meps.length, vacant, letters: formatNumber.format(totalLetters) }),
    vacantFill: '#ffffff',
    vacantLabel: t('letters.map.vacant'),
  });
  return {
    svg,
    legend: {
      positions: order.map((p) => ({ label: t(POSITION_KEYS[p]), colour: POSITION_COLOURS[p] })),
      buckets: LETTER_BUCKETS.map((b, i) => ({ label: i === 0 ? t('letters.map.bucketNone') : i === LETTER_BUCKETS.length - 1 ? t('letters.map.bucketFrom', { min: b.min }) : t('letters.map.bucketRange', { min: b.min, max: LETTER_BUCKETS[i + 1]!.min - 1 }), colour: mix(POSITION_COLOURS.none, b.strength) })),
    },
    byGroup: GROUPS.map((code) => {
      const s = tally(meps.filter((m) => m.group === code));
      return { code, label: code, tally: s, rate: rate(s.replied, s.answered) };
    }),
    byCountry: Object.keys(SEATS)
      .map((code) => {
        const s = tally(meps.filter((m) => m.country === code));
        return { code, label: countryName(lang, code), seats: SEATS[code]!, tally: s, rate: rate(s.replied, s.answered) };
      })
      .sort((a, b) => collator.compare(a.label, b.label)),
    top: meps
      .filter((m) => lettersOf(m) > 0)
      .sort((a, b) => lettersOf(b) - lettersOf(a) || collator.compare(a.familyName, b.familyName))
      .slice(0, 20)
      .map((m) => {
        const c = counts.get(m.id);
        return { name: m.fullName, group: m.group, country: countryName(lang, m.country), position: t(POSITION_KEYS[shadeOf(m)]), letters: lettersOf(m), rate: rate(c?.replied ?? 0, (c?.replied ?? 0) + (c?.noReply ?? 0)) };
      }),
    totals: { letters: totalLetters, meps: meps.length, vacant },
    positionLabels: order.map((key) => ({ key, label: t(POSITION_KEYS[key]) })),
  };
}
