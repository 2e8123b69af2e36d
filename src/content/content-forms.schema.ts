// The organisers' content forms, parsed: petition texts, campaign texts, a petition's goal and
// milestones, a new petition. Text is NFC without control characters; errors name the field and a
// translation key (locales/*/content.json), so the form comes back with its values and an error summary.
import { z } from 'zod';
import { cleanLine } from '../lib/text.ts';
import { toBlocks } from '../lib/markdown.ts';
import { PARAMS } from '../web/params.ts';
import type { PetitionTextWrite } from './content.repo.ts';

export interface FieldErrorKey {
  readonly field: string;
  readonly key: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldErrorKey[] };

type Fields = Record<string, unknown>;
const str = (fields: Fields, name: string): string => (typeof fields[name] === 'string' ? (fields[name] as string) : '');

/** Several lines of text: NFC, Unix line ends, no control or bidi-override characters, no trailing blanks. */
export function cleanText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '').replace(/[ \t]+$/gm, '').trim();
}

/** The limits of each field (characters after cleaning). */
export const LIMITS = { title: 200, summary: 1000, addressee: 300, body: 20000, ask: 500, asks: 20, consent: 1000, lead: 2000, heading: 200, section: 20000 } as const;

function line(errors: FieldErrorKey[], fields: Fields, name: string, max: number): string {
  const value = cleanLine(str(fields, name));
  if (value === '') errors.push({ field: name, key: 'content.errors.required' });
  else if (value.length > max) errors.push({ field: name, key: 'content.errors.tooLong' });
  return value;
}

function markdown(errors: FieldErrorKey[], fields: Fields, name: string, max: number): string[] {
  const value = cleanText(str(fields, name));
  if (value === '') errors.push({ field: name, key: 'content.errors.required' });
  else if (value.length > max) errors.push({ field: name, key: 'content.errors.tooLong' });
  return toBlocks(value);
}

/** What the petition text form holds once valid: the stored text but its consent version (computed when saved). */
export type PetitionTextForm = Omit<PetitionTextWrite, 'consentVersion'>;

export const PETITION_TEXT_FIELDS = ['title', 'summary', 'addressee', 'body', 'asks', 'consent', 'updatesConsent'] as const;

export function parsePetitionText(fields: Fields): Parsed<PetitionTextForm> {
  const errors: FieldErrorKey[] = [];
  const title = line(errors, fields, 'title', LIMITS.title);
  const summary = line(errors, fields, 'summary', LIMITS.summary);
  const addressee = line(errors, fields, 'addressee', LIMITS.addressee);
  const body = markdown(errors, fields, 'body', LIMITS.body);
  const asks = cleanText(str(fields, 'asks')).split('\n').map(cleanLine).filter((a) => a !== '');
  if (asks.length === 0) errors.push({ field: 'asks', key: 'content.errors.required' });
  else if (asks.length > LIMITS.asks || asks.some((a) => a.length > LIMITS.ask)) errors.push({ field: 'asks', key: 'content.errors.asks' });
  const consent = line(errors, fields, 'consent', LIMITS.consent);
  const updatesConsent = line(errors, fields, 'updatesConsent', LIMITS.consent);
  return errors.length ? { ok: false, errors } : { ok: true, value: { title, summary, addressee, body, asks, consent, updatesConsent } };
}

export interface CampaignSource {
  readonly n: number;
  readonly url: string | null;
  readonly label: string;
}

export interface CampaignTextForm {
  readonly title: string;
  readonly lead: string;
  readonly sections: { id: string; heading: string; paragraphs: string[] }[];
  readonly sources: CampaignSource[];
}

const MAX_SOURCES = 99;
const HTTP_URL = z.url({ protocol: /^https?$/ }).max(2000);

/** One source a line: "n | label" or "n | label | https://…" (the address last, when there is one). */
export function formatSources(sources: readonly CampaignSource[]): string {
  return sources.map((s) => [String(s.n), s.label, ...(s.url ? [s.url] : [])].join(' | ')).join('\n');
}

export function parseSources(raw: string): CampaignSource[] | undefined {
  const lines = cleanText(raw).split('\n').filter((l) => l.trim() !== '');
  if (lines.length > MAX_SOURCES) return undefined;
  const sources: CampaignSource[] = [];
  for (const text of lines) {
    const parts = text.split('|').map((p) => p.trim());
    const n = /^\d{1,2}$/.test(parts[0] ?? '') ? Number(parts[0]) : 0;
    const last = parts.length >= 3 ? parts[parts.length - 1]! : '';
    const url = last !== '' && HTTP_URL.safeParse(last).success ? last : null;
    const label = cleanLine(parts.slice(1, url ? -1 : undefined).join(' | '));
    if (n < 1 || label === '' || label.length > 500 || (parts.length >= 3 && /^[a-z][a-z0-9+.-]*:/i.test(last) && !url) || sources.some((s) => s.n === n)) return undefined;
    sources.push({ n, url, label });
  }
  return sources.sort((a, b) => a.n - b.n);
}

/** Section fields are named heading-<id> and body-<id>, for the sections the campaign has. */
export function parseCampaignText(fields: Fields, sectionIds: readonly string[]): Parsed<CampaignTextForm> {
  const errors: FieldErrorKey[] = [];
  const title = line(errors, fields, 'title', LIMITS.title);
  const lead = line(errors, fields, 'lead', LIMITS.lead);
  const sections = sectionIds.map((id) => ({ id, heading: line(errors, fields, `heading-${id}`, LIMITS.heading), paragraphs: markdown(errors, fields, `body-${id}`, LIMITS.section) }));
  const sources = parseSources(str(fields, 'sources').slice(0, 100_000));
  if (!sources) errors.push({ field: 'sources', key: 'content.errors.sources' });
  return errors.length || !sources ? { ok: false, errors } : { ok: true, value: { title, lead, sections, sources } };
}

const MAX_GOAL = 100_000_000;
const MAX_MILESTONES = 20;

/** A whole number as organisers write it: "10000", "10 000", "10,000" is not (a list separator). */
function wholeNumber(raw: string): number | undefined {
  const digits = raw.replace(/[\s\u00a0\u202f_.]/g, '');
  if (!/^\d{1,9}$/.test(digits)) return undefined;
  return Number(digits);
}

export interface SettingsForm {
  readonly goal: number;
  readonly milestones: number[];
}

export function parseSettings(fields: Fields): Parsed<SettingsForm> {
  const errors: FieldErrorKey[] = [];
  const goal = wholeNumber(str(fields, 'goal'));
  if (goal === undefined || goal < 1 || goal > MAX_GOAL) errors.push({ field: 'goal', key: 'content.errors.goal' });
  const raw = str(fields, 'milestones').slice(0, 1000).split(/[,;\n]+/).map((s) => s.trim()).filter((s) => s !== '');
  const milestones = raw.map(wholeNumber);
  if (milestones.some((m) => m === undefined || m < 1) || milestones.length > MAX_MILESTONES) errors.push({ field: 'milestones', key: 'content.errors.milestones' });
  else if (new Set(milestones).size !== milestones.length) errors.push({ field: 'milestones', key: 'content.errors.milestonesRepeated' });
  else if (goal !== undefined && milestones.some((m) => m! > goal)) errors.push({ field: 'milestones', key: 'content.errors.milestonesAboveGoal' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { goal: goal!, milestones: (milestones as number[]).sort((a, b) => a - b) } };
}

const slugSchema: z.ZodType<string> = PARAMS.slug!.schema;

export interface NewPetitionForm extends SettingsForm {
  readonly slug: string;
}

export function parseNewPetition(fields: Fields): Parsed<NewPetitionForm> {
  const slug = str(fields, 'slug').trim().slice(0, 100);
  const settings = parseSettings(fields);
  const errors = [...(slugSchema.safeParse(slug).success ? [] : [{ field: 'slug', key: 'content.errors.slug' }]), ...(settings.ok ? [] : settings.errors)];
  if (errors.length || !settings.ok) return { ok: false, errors };
  return { ok: true, value: { slug, ...settings.value } };
}
