// View model of the link page: every hook's records, each field labelled from my-data.fields.<name>
// (the raw name when there is no such key), values made readable (dates, yes/no, countries, languages,
// states); and the JSON download, the same records grouped by kind, as stored.
import type { Described, HeldRecord } from '../erasure/index.ts';
import { countryName } from '../i18n/countries.ts';
import { dateFormatter } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Lang } from '../i18n/languages.ts';

const FIELDS = 'my-data.fields';
const VALUES = 'my-data.values';
const KINDS = 'my-data.kinds';
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Fields whose values are codes with a translation (my-data.values.<field>.<code>). */
const CODED = new Set(['state', 'validity', 'status', 'frequency', 'answer', 'reason']);

export interface HeldRow {
  readonly label: string;
  readonly value: string;
  /** Long text (a letter's body): shown as a block. */
  readonly long: boolean;
}

export interface HeldView {
  readonly groups: { readonly title: string; readonly records: { readonly title: string; readonly rows: HeldRow[] }[] }[];
  readonly total: number;
}

function present(t: Translate, lang: Lang, name: string, value: string | number | boolean | null): string {
  if (value === null) return t(`${VALUES}.none`);
  if (typeof value === 'boolean') return t(value ? `${VALUES}.yes` : `${VALUES}.no`);
  if (typeof value === 'number') return String(value);
  if (DATE.test(value)) return dateFormatter(lang)(value);
  if (name === 'country') return countryName(lang, value);
  if (name === 'language') return new Intl.DisplayNames([lang], { type: 'language' }).of(value) ?? value;
  if (CODED.has(name)) return t(`${VALUES}.${name}.${value}`, { defaultValue: value });
  return value;
}

export function presentHeld(t: Translate, lang: Lang, described: readonly Described[]): HeldView {
  const groups = described
    .filter((d) => d.records.length > 0)
    .map((d) => ({
      title: t(d.labelKey),
      records: d.records.map((r: HeldRecord) => ({
        title: t(`${KINDS}.${r.kind}`, { defaultValue: r.kind }),
        rows: Object.entries(r.fields).map(([name, value]) => ({ label: t(`${FIELDS}.${name}`, { defaultValue: name }), value: present(t, lang, name, value), long: typeof value === 'string' && value.includes('\n') })),
      })),
    }));
  return { groups, total: groups.reduce((n, g) => n + g.records.length, 0) };
}

/** The download: { generatedAt, records: { <kind>: [fields…] } }, values as stored (ISO dates). */
export function heldJson(described: readonly Described[], now: Date): string {
  const records: Record<string, HeldRecord['fields'][]> = {};
  for (const d of described) for (const r of d.records) (records[r.kind] ??= []).push(r.fields);
  return `${JSON.stringify({ generatedAt: now.toISOString(), records }, null, 2)}\n`;
}
