// The shape of a letter campaign's default content (content/letters/*.json) and of its stored texts.
import { z } from 'zod';
import { LANGS } from '../i18n/languages.ts';
import { EU_COUNTRIES, GROUPS } from '../meps/index.ts';
import { templateProblems } from './letter-template.ts';

const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/);
const bodyCode = z.string().regex(/^[A-Z][A-Z-]{1,7}$/);
const template = (kind: 'body' | 'subject' | 'salutation') =>
  z.string().min(1).superRefine((value, ctx) => {
    for (const problem of templateProblems(kind, value)) ctx.addIssue({ code: 'custom', message: problem });
  });

const prisonerText = z.object({
  name: z.string().min(1).max(200),
  sentence: z.string().min(1).max(600),
  status: z.string().min(1).max(600),
  sourceLabel: z.string().min(1).max(400),
});

export const prisonerSchema = z.object({
  ref: z.string().regex(/^[a-z0-9-]{1,40}$/),
  since: z.iso.date().nullable(),
  asOf: z.iso.date(),
  sourceUrl: z.url({ protocol: /^https?$/ }).nullable(),
  text: z.object(Object.fromEntries(LANGS.map((l) => [l, prisonerText])) as Record<(typeof LANGS)[number], typeof prisonerText>),
});

export const letterSettingsSchema = z.object({
  slug,
  status: z.enum(['open', 'closed']),
  maxMeps: z.number().int().min(1).max(20),
  perMepHourly: z.number().int().min(1).max(60),
  targets: z.object({
    countries: z.union([z.literal('all'), z.array(z.enum(EU_COUNTRIES))]),
    bodies: z.array(bodyCode),
    groups: z.array(z.enum(GROUPS)),
    meps: z.array(z.number().int().positive()),
  }),
  keyBodies: z.array(bodyCode),
  prisoners: z.array(prisonerSchema),
});

export const sourceSchema = z.object({ n: z.number().int().positive(), url: z.url({ protocol: /^https?$/ }).nullable(), label: z.string().min(1) });

export const letterTextSchema = z.object({
  slug,
  lang: z.enum(LANGS),
  title: z.string().min(1).max(200),
  intro: z.string().min(1).max(3000),
  subject: template('subject').pipe(z.string().max(200)),
  body: template('body').pipe(z.string().max(6000)),
  salutations: z.object({ female: template('salutation'), male: template('salutation'), neutral: template('salutation') }),
  sources: z.array(sourceSchema),
});

export type LetterSettings = z.infer<typeof letterSettingsSchema>;
export type LetterTextFile = z.infer<typeof letterTextSchema>;
export type PrisonerFile = z.infer<typeof prisonerSchema>;
export type Source = z.infer<typeof sourceSchema>;
