// The organisers' letter forms: zod schemas for the campaign settings, targets, texts, prisoners and
// MEP positions, with each problem mapped to a translation key (422 with the values kept).
import { z } from 'zod';
import { LANGS, type Lang } from '../../i18n/languages.ts';
import { cleanLine } from '../../lib/text.ts';
import { EU_COUNTRIES, GROUPS } from '../../meps/index.ts';
import { cleanParagraphs } from '../letter-form.schema.ts';
import { templateProblems } from '../letter-template.ts';
import { POSITIONS } from '../positions.repo.ts';

export interface AdminFieldError {
  readonly field: string;
  readonly key: string;
  readonly values?: Record<string, unknown>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: AdminFieldError[] };

const K = 'letters.admin.errors';
const ERR = {
  status: `${K}.status`,
  maxMeps: `${K}.maxMeps`,
  pace: `${K}.pace`,
  slug: `${K}.slug`,
  codes: `${K}.codes`,
  text: `${K}.text`,
  template: `${K}.template`,
  date: `${K}.date`,
  url: `${K}.url`,
  ref: `${K}.ref`,
  position: `${K}.position`,
  source: `${K}.source`,
  sources: `${K}.sources`,
} as const;

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
const line = (max: number) => z.string().max(max * 4).transform(cleanLine).pipe(z.string().min(1, ERR.text).max(max, ERR.text));
const para = (max: number) => z.string().max(max * 2).transform(cleanParagraphs).pipe(z.string().min(1, ERR.text).max(max, ERR.text));
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, ERR.date).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), ERR.date);
const httpUrl = z.string().max(500, ERR.url).url(ERR.url).refine((v) => /^https?:\/\//.test(v), ERR.url);
const optionalUrl = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), httpUrl.optional()).transform((v) => v ?? null);

function collect<T>(parsed: z.ZodSafeParseResult<T>, known: readonly string[]): Parsed<T> {
  if (parsed.success) return { ok: true, value: parsed.data };
  const seen = new Set<string>();
  const errors: AdminFieldError[] = [];
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('_');
    if (seen.has(field)) continue;
    seen.add(field);
    const key = issue.message.startsWith(`${K}.`) ? issue.message : ERR.text;
    errors.push({ field, key, ...(key === ERR.template ? { values: { problem: (issue as { params?: { problem?: string } }).params?.problem ?? '' } } : {}) });
  }
  return { ok: false, errors: errors.sort((a, b) => known.indexOf(a.field) - known.indexOf(b.field)) };
}

// Settings ------------------------------------------------------------------------------------------
const settingsSchema = z.object({
  status: z.enum(['open', 'closed'], ERR.status),
  maxMeps: z.coerce.number(ERR.maxMeps).int(ERR.maxMeps).min(1, ERR.maxMeps).max(20, ERR.maxMeps),
  perMepHourly: z.coerce.number(ERR.pace).int(ERR.pace).min(1, ERR.pace).max(60, ERR.pace),
});
export type SettingsForm = z.infer<typeof settingsSchema>;
export const settingsValues = (b: Record<string, unknown>) => ({ status: str(b.status, 10), maxMeps: str(b.maxMeps, 10), perMepHourly: str(b.perMepHourly, 10) });
export const parseSettings = (b: Record<string, unknown>): Parsed<SettingsForm> => collect(settingsSchema.safeParse(settingsValues(b)), ['status', 'maxMeps', 'perMepHourly']);

// New campaign --------------------------------------------------------------------------------------
const slugSchema = z.object({ slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/, ERR.slug).refine((v) => v !== 'map', ERR.slug) });
export const parseNewCampaign = (b: Record<string, unknown>): Parsed<{ slug: string }> => collect(slugSchema.safeParse({ slug: str(b.slug, 100).trim() }), ['slug']);

// Targets -------------------------------------------------------------------------------------------
const codes = (allowed: (v: string) => boolean) =>
  z.string().max(2000, ERR.codes).transform((v) => [...new Set(v.toUpperCase().split(/[\s,;]+/).filter((c) => c !== ''))]).refine((list) => list.every(allowed), ERR.codes);
const targetsSchema = z.object({
  countries: codes((c) => (EU_COUNTRIES as readonly string[]).includes(c)),
  bodies: codes((c) => /^[A-Z][A-Z-]{1,7}$/.test(c)),
  keyBodies: codes((c) => /^[A-Z][A-Z-]{1,7}$/.test(c)),
  groups: z.array(z.enum(GROUPS, ERR.codes)).max(GROUPS.length, ERR.codes),
  meps: z.string().max(4000, ERR.codes).transform((v) => [...new Set(v.split(/[\s,;]+/).filter((c) => c !== ''))]).refine((l) => l.every((c) => /^[1-9][0-9]{0,9}$/.test(c)), ERR.codes).transform((l) => l.map(Number)),
});
export type TargetsForm = z.infer<typeof targetsSchema>;
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
export const targetsValues = (b: Record<string, unknown>) => ({ countries: str(b.countries, 2000), bodies: str(b.bodies, 2000), keyBodies: str(b.keyBodies, 2000), groups: list(b.groups).slice(0, 20), meps: str(b.meps, 4000) });
export const parseTargets = (b: Record<string, unknown>): Parsed<TargetsForm> => collect(targetsSchema.safeParse(targetsValues(b)), ['countries', 'bodies', 'keyBodies', 'groups', 'meps']);

// Texts ---------------------------------------------------------------------------------------------
const template = (kind: 'body' | 'subject' | 'salutation', max: number) =>
  (kind === 'body' ? para(max) : line(max)).superRefine((value, ctx) => {
    const [problem] = templateProblems(kind, value);
    if (problem) ctx.addIssue({ code: 'custom', message: ERR.template, params: { problem } });
  });
const sourcesSchema = z
  .string()
  .max(6000, ERR.sources)
  .transform((v) => v.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter((l) => l !== ''))
  .transform((lines, ctx) =>
    lines.map((l, i) => {
      const [label = '', url = ''] = l.split(' | ');
      const parsedUrl = url.trim() === '' ? null : httpUrl.safeParse(url.trim()).success ? url.trim() : undefined;
      if (label.trim() === '' || parsedUrl === undefined) ctx.addIssue({ code: 'custom', message: ERR.sources });
      return { n: i + 1, label: cleanLine(label), url: parsedUrl ?? null };
    }),
  );
const textSchema = z.object({
  title: line(200),
  intro: para(3000),
  subject: template('subject', 200),
  body: template('body', 6000),
  salutationFemale: template('salutation', 200),
  salutationMale: template('salutation', 200),
  salutationNeutral: template('salutation', 200),
  sources: sourcesSchema,
});
export type TextForm = z.infer<typeof textSchema>;
const TEXT_FIELDS = ['title', 'intro', 'subject', 'body', 'salutationFemale', 'salutationMale', 'salutationNeutral', 'sources'] as const;
export const textValues = (b: Record<string, unknown>) => Object.fromEntries(TEXT_FIELDS.map((f) => [f, str(b[f], f === 'body' || f === 'sources' ? 12000 : 6000)])) as Record<(typeof TEXT_FIELDS)[number], string>;
export const parseText = (b: Record<string, unknown>): Parsed<TextForm> => collect(textSchema.safeParse(textValues(b)), [...TEXT_FIELDS]);

// Prisoners -----------------------------------------------------------------------------------------
const prisonerText = z.object({ name: line(200), sentence: para(600), status: para(600), sourceLabel: line(400) });
const prisonerSchema = z.object({
  ref: z.string().regex(/^[a-z0-9-]{1,40}$/, ERR.ref),
  since: z.preprocess((v) => (v === '' ? undefined : v), isoDate.optional()).transform((v) => v ?? null),
  asOf: isoDate,
  sourceUrl: optionalUrl,
  ...Object.fromEntries(LANGS.map((l) => [l, prisonerText])),
}) as unknown as z.ZodType<{ ref: string; since: string | null; asOf: string; sourceUrl: string | null } & Record<Lang, z.infer<typeof prisonerText>>>;
export type PrisonerForm = { ref: string; since: string | null; asOf: string; sourceUrl: string | null } & Record<Lang, { name: string; sentence: string; status: string; sourceLabel: string }>;
const PRISONER_TEXT_FIELDS = ['name', 'sentence', 'status', 'sourceLabel'] as const;
export const prisonerValues = (b: Record<string, unknown>) => ({
  ref: str(b.ref, 60).trim(),
  since: str(b.since, 20).trim(),
  asOf: str(b.asOf, 20).trim(),
  sourceUrl: str(b.sourceUrl, 600),
  ...Object.fromEntries(LANGS.map((l) => [l, Object.fromEntries(PRISONER_TEXT_FIELDS.map((f) => [f, str(b[`${l}_${f}`], 1400)]))])),
}) as { ref: string; since: string; asOf: string; sourceUrl: string } & Record<Lang, Record<(typeof PRISONER_TEXT_FIELDS)[number], string>>;
const PRISONER_ORDER = ['ref', 'since', 'asOf', 'sourceUrl', ...LANGS.flatMap((l) => PRISONER_TEXT_FIELDS.map((f) => `${l}_${f}`))];
export const parsePrisoner = (b: Record<string, unknown>): Parsed<PrisonerForm> => collect(prisonerSchema.safeParse(prisonerValues(b)), PRISONER_ORDER) as Parsed<PrisonerForm>;

// Positions -----------------------------------------------------------------------------------------
const positionSchema = z.object({
  position: z.enum(POSITIONS as [string, ...string[]], ERR.position),
  sourceLabel: z.string().max(1600).transform(cleanLine).pipe(z.string().min(1, ERR.source).max(400, ERR.source)),
  sourceUrl: optionalUrl,
  statedOn: isoDate,
});
export type PositionForm = z.infer<typeof positionSchema> & { position: (typeof POSITIONS)[number] };
export const positionValues = (b: Record<string, unknown>) => ({ position: str(b.position, 20), sourceLabel: str(b.sourceLabel, 1600), sourceUrl: str(b.sourceUrl, 600), statedOn: str(b.statedOn, 20).trim() });
export const parsePosition = (b: Record<string, unknown>, today: Date): Parsed<PositionForm> => {
  const parsed = collect(positionSchema.safeParse(positionValues(b)), ['position', 'sourceLabel', 'sourceUrl', 'statedOn']) as Parsed<PositionForm>;
  if (parsed.ok && parsed.value.statedOn > today.toISOString().slice(0, 10)) return { ok: false, errors: [{ field: 'statedOn', key: ERR.date }] };
  return parsed;
};
