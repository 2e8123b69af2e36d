// The organisers' side of petition and campaign content: knex only. Every write sets edited_at, so the
// default-content loaders (petitions/load-default-petitions.ts, campaign/load-default-campaigns.ts) never
// overwrite an organiser's edit.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { PetitionText } from '../petitions/index.ts';

export interface PetitionRow {
  readonly id: number;
  readonly slug: string;
  readonly goal: number;
  readonly milestones: number[];
  readonly status: 'open' | 'closed';
  readonly closedAt: Date | null;
  readonly deadline: Date | null;
}

/** A petition's text in one language, as stored, with when an organiser last edited it. */
export interface PetitionTextRow extends Omit<PetitionTextWrite, 'consentVersion'> {
  readonly lang: Lang;
  readonly editedAt: Date | null;
}

export interface CampaignRow {
  readonly id: number;
  readonly slug: string;
}

export interface CampaignTextRow {
  readonly lang: Lang;
  readonly title: string;
  readonly lead: string;
  readonly sections: { id: string; heading: string; paragraphs: string[] }[];
  readonly sources: { n: number; url: string | null; label: string }[];
  readonly editedAt: Date | null;
}

const PETITION_COLUMNS = ['id', 'slug', 'goal', 'milestones', 'status', { closedAt: 'closed_at' }, 'deadline'] as const;

export async function listPetitions(db: Queryable): Promise<PetitionRow[]> {
  return db('petitions').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select<PetitionRow[]>(...PETITION_COLUMNS);
}

export async function findPetitionRow(db: Queryable, slug: string, forUpdate = false): Promise<PetitionRow | undefined> {
  const query = db('petitions').where({ slug }).first<PetitionRow | undefined>(...PETITION_COLUMNS);
  return forUpdate ? query.forUpdate() : query;
}

export async function petitionTexts(db: Queryable, petitionId: number): Promise<PetitionTextRow[]> {
  return db('petition_translations')
    .where({ petition_id: petitionId })
    .orderBy('lang')
    .select<PetitionTextRow[]>('lang', 'title', 'summary', 'addressee', 'body', 'asks', 'consent', { updatesConsent: 'updates_consent' }, { editedAt: 'edited_at' });
}

/** What a save writes: the petitions' own text shape (their catalog reads the same row). */
export type PetitionTextWrite = PetitionText;

export async function writePetitionText(db: Queryable, petitionId: number, lang: Lang, text: PetitionTextWrite, now: Date): Promise<void> {
  const row = {
    title: text.title,
    summary: text.summary,
    addressee: text.addressee,
    body: JSON.stringify(text.body),
    asks: JSON.stringify(text.asks),
    consent: text.consent,
    updates_consent: text.updatesConsent,
    consent_version: text.consentVersion,
    edited_at: now,
    updated_at: now,
  };
  await db('petition_translations')
    .insert({ petition_id: petitionId, lang, source_hash: 'organiser', ...row })
    .onConflict(['petition_id', 'lang'])
    .merge(Object.keys(row));
}

export async function updatePetitionSettings(db: Queryable, petitionId: number, goal: number, milestones: readonly number[]): Promise<void> {
  await db('petitions').where({ id: petitionId }).update({ goal, milestones: [...milestones] });
}

export async function setPetitionStatus(db: Queryable, petitionId: number, status: 'open' | 'closed', now: Date): Promise<void> {
  await db('petitions').where({ id: petitionId }).update({ status, closed_at: status === 'closed' ? now : null });
}

/** The new petition's id, or undefined when the slug is taken. */
export async function insertPetition(db: Queryable, slug: string, goal: number, milestones: readonly number[], now: Date): Promise<number | undefined> {
  const rows = (await db('petitions').insert({ slug, goal, milestones: [...milestones], status: 'open', created_at: now }).onConflict('slug').ignore().returning('id')) as { id: number }[];
  return rows[0]?.id;
}

export async function listCampaigns(db: Queryable): Promise<CampaignRow[]> {
  return db('campaigns').orderBy('id').select<CampaignRow[]>('id', 'slug');
}

export async function findCampaignRow(db: Queryable, slug: string): Promise<CampaignRow | undefined> {
  return db('campaigns').where({ slug }).first<CampaignRow | undefined>('id', 'slug');
}

export async function campaignTexts(db: Queryable, campaignId: number): Promise<CampaignTextRow[]> {
  return db('campaign_translations').where({ campaign_id: campaignId }).orderBy('lang').select<CampaignTextRow[]>('lang', 'title', 'lead', 'sections', 'sources', { editedAt: 'edited_at' });
}

export async function writeCampaignText(db: Queryable, campaignId: number, lang: Lang, text: Omit<CampaignTextRow, 'lang' | 'editedAt'>, now: Date): Promise<void> {
  const row = { title: text.title, lead: text.lead, sections: JSON.stringify(text.sections), sources: JSON.stringify(text.sources), edited_at: now, updated_at: now };
  await db('campaign_translations')
    .insert({ campaign_id: campaignId, lang, source_hash: 'organiser', ...row })
    .onConflict(['campaign_id', 'lang'])
    .merge(Object.keys(row));
}

export interface TextLanguage {
  readonly ownerId: number;
  readonly lang: Lang;
  readonly title: string;
  readonly editedAt: Date | null;
}

/** Which languages each petition (or campaign) has a text in, with that text's title. */
export async function textLanguages(db: Queryable, kind: 'petition' | 'campaign'): Promise<TextLanguage[]> {
  const table = kind === 'petition' ? 'petition_translations' : 'campaign_translations';
  return db(table).orderBy('lang').select<TextLanguage[]>({ ownerId: `${kind}_id` }, 'lang', 'title', { editedAt: 'edited_at' });
}
