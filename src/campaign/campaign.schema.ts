// The shape of a campaign's per-language content, as stored in content/campaigns/*.json and the database.
import { z } from 'zod';
import { LANGS } from '../i18n/languages.ts';

export const sectionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  heading: z.string().min(1),
  paragraphs: z.array(z.string().min(1)).min(1),
});

export const sourceSchema = z.object({
  n: z.number().int().positive(),
  url: z.url({ protocol: /^https?$/ }).nullable(),
  label: z.string().min(1),
});

export const campaignFileSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  lang: z.enum(LANGS),
  title: z.string().min(1),
  lead: z.string().min(1),
  sections: z.array(sectionSchema).min(1),
  sources: z.array(sourceSchema),
});

export type Section = z.infer<typeof sectionSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type CampaignFile = z.infer<typeof campaignFileSchema>;
