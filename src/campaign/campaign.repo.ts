// Campaign content in the database: one row per campaign and language.
import type { Lang } from '../i18n/languages.ts';
import type { Queryable } from '../db/knex.ts';
import type { CampaignFile, Section, Source } from './campaign.schema.ts';

export interface CampaignText {
  readonly slug: string;
  readonly title: string;
  readonly lead: string;
  readonly sections: Section[];
  readonly sources: Source[];
  readonly updatedAt: Date;
}

export async function findCampaignText(db: Queryable, slug: string, lang: Lang): Promise<CampaignText | undefined> {
  const row = await db('campaign_translations as t')
    .join('campaigns as c', 'c.id', 't.campaign_id')
    .where({ 'c.slug': slug, 't.lang': lang })
    .first<{ slug: string; title: string; lead: string; sections: Section[]; sources: Source[]; updated_at: Date } | undefined>('c.slug', 't.title', 't.lead', 't.sections', 't.sources', 't.updated_at');
  return row && { slug: row.slug, title: row.title, lead: row.lead, sections: row.sections, sources: row.sources, updatedAt: row.updated_at };
}

export async function ensureCampaign(db: Queryable, slug: string): Promise<number> {
  await db('campaigns').insert({ slug }).onConflict('slug').ignore();
  const row = await db('campaigns').where({ slug }).first<{ id: number }>('id');
  return row.id;
}

/** Inserts the file's text, or replaces it while no organiser has edited the stored copy. */
export async function upsertCampaignTranslation(db: Queryable, campaignId: number, file: CampaignFile, sourceHash: string): Promise<void> {
  const row = {
    campaign_id: campaignId,
    lang: file.lang,
    title: file.title,
    lead: file.lead,
    sections: JSON.stringify(file.sections),
    sources: JSON.stringify(file.sources),
    source_hash: sourceHash,
    updated_at: db.fn.now(),
  };
  await db('campaign_translations')
    .insert(row)
    .onConflict(['campaign_id', 'lang'])
    .merge(['title', 'lead', 'sections', 'sources', 'source_hash', 'updated_at'])
    .whereNull('campaign_translations.edited_at')
    .andWhereRaw('campaign_translations.source_hash <> excluded.source_hash');
}
