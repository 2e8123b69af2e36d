// The shape of a petition's default content files (content/petitions/*.json).
import { z } from 'zod';
import { LANGS } from '../i18n/languages.ts';

const slug = z.string().regex(/^[a-z0-9-]+$/).max(80);

export const petitionSettingsSchema = z.object({
  slug,
  goal: z.number().int().positive(),
  milestones: z.array(z.number().int().positive()),
  status: z.enum(['open', 'closed']),
  deadline: z.iso.datetime({ offset: true }).nullable(),
});

export const petitionTextSchema = z.object({
  slug,
  lang: z.enum(LANGS),
  title: z.string().min(1),
  summary: z.string().min(1),
  addressee: z.string().min(1),
  body: z.array(z.string().min(1)).min(1),
  asks: z.array(z.string().min(1)).min(1),
  consent: z.string().min(1),
  updatesConsent: z.string().min(1),
});

export type PetitionSettings = z.infer<typeof petitionSettingsSchema>;
export type PetitionTextFile = z.infer<typeof petitionTextSchema>;
