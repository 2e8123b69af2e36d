// Letter campaigns in PostgreSQL: settings, per-language texts, targets and the prisoners list.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';
import type { LetterSettings, LetterTextFile, PrisonerFile, Source } from './campaign.schema.ts';

export interface LetterCampaign {
  readonly id: number;
  readonly slug: string;
  readonly status: 'open' | 'closed';
  readonly maxMeps: number;
  readonly perMepHourly: number;
  readonly prisonersReviewedAt: Date | null;
  readonly prisonersReviewedBy: string | null;
  readonly createdAt: Date;
}

export interface CampaignText {
  readonly lang: Lang;
  readonly title: string;
  readonly intro: string;
  readonly subject: string;
  readonly body: string;
  readonly salutations: { readonly female: string; readonly male: string; readonly neutral: string };
  readonly sources: Source[];
}

export interface Target {
  readonly kind: 'country' | 'body' | 'group' | 'mep';
  readonly value: string;
  readonly key: boolean;
}

export interface PrisonerText {
  readonly name: string;
  readonly sentence: string;
  readonly status: string;
  readonly sourceLabel: string;
}

export interface Prisoner {
  readonly id: number;
  readonly ref: string;
  readonly position: number;
  readonly since: string | null;
  readonly asOf: string;
  readonly sourceUrl: string | null;
  readonly texts: Partial<Record<Lang, PrisonerText>>;
}

const CAMPAIGN_COLUMNS = {
  id: 'id',
  slug: 'slug',
  status: 'status',
  maxMeps: 'max_meps',
  perMepHourly: 'per_mep_hourly',
  prisonersReviewedAt: 'prisoners_reviewed_at',
  prisonersReviewedBy: 'prisoners_reviewed_by',
  createdAt: 'created_at',
} as const;

export async function findCampaign(db: Queryable, slug: string): Promise<LetterCampaign | undefined> {
  return db('letter_campaigns').where({ slug }).first<LetterCampaign | undefined>(CAMPAIGN_COLUMNS);
}

export async function listCampaigns(db: Queryable): Promise<LetterCampaign[]> {
  return db('letter_campaigns').select(CAMPAIGN_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc') as Promise<LetterCampaign[]>;
}

/** The campaign the letter tool shows without a ?campaign: the newest open one, else the newest (shown as closed). */
export async function featuredCampaignSlug(db: Queryable): Promise<string | undefined> {
  const row = await db('letter_campaigns').orderByRaw("(status = 'open') desc").orderBy('created_at', 'desc').orderBy('id', 'desc').first<{ slug: string } | undefined>('slug');
  return row?.slug;
}

export async function campaignTexts(db: Queryable, campaignId: number): Promise<CampaignText[]> {
  const rows = (await db('letter_campaign_translations')
    .where({ campaign_id: campaignId })
    .select('lang', 'title', 'intro', { subject: 'subject_template' }, { body: 'body_template' }, 'salutation_female', 'salutation_male', 'salutation_neutral', 'sources')) as (Omit<CampaignText, 'salutations'> & {
    salutation_female: string;
    salutation_male: string;
    salutation_neutral: string;
  })[];
  return rows.map(({ salutation_female, salutation_male, salutation_neutral, ...text }) => ({ ...text, salutations: { female: salutation_female, male: salutation_male, neutral: salutation_neutral } }));
}

export async function campaignTargets(db: Queryable, campaignId: number): Promise<Target[]> {
  return db('letter_campaign_targets').where({ campaign_id: campaignId }).select('kind', 'value', 'key').orderBy(['kind', 'value']) as Promise<Target[]>;
}

export async function campaignPrisoners(db: Queryable, campaignId: number): Promise<Prisoner[]> {
  const rows = (await db('political_prisoners')
    .where({ campaign_id: campaignId })
    .select('id', 'ref', 'position', db.raw(`to_char(since, 'YYYY-MM-DD') as since`), db.raw(`to_char(as_of, 'YYYY-MM-DD') as "asOf"`), { sourceUrl: 'source_url' })
    .orderBy(['position', 'id'])) as Omit<Prisoner, 'texts'>[];
  const texts = (await db('political_prisoner_translations')
    .whereIn('prisoner_id', rows.map((r) => r.id))
    .select({ prisonerId: 'prisoner_id' }, 'lang', 'name', 'sentence', 'status', { sourceLabel: 'source_label' })) as (PrisonerText & { prisonerId: number; lang: Lang })[];
  return rows.map((row) => ({ ...row, texts: Object.fromEntries(texts.filter((t) => t.prisonerId === row.id).map(({ prisonerId: _id, lang, ...t }) => [lang, t])) }));
}

/** Creates the campaign with its targets if it does not exist (settings are the organisers' once stored). */
export async function ensureCampaign(db: Queryable, settings: LetterSettings, allCountries: readonly string[]): Promise<{ id: number; created: boolean }> {
  const inserted = (await db('letter_campaigns')
    .insert({ slug: settings.slug, status: settings.status, max_meps: settings.maxMeps, per_mep_hourly: settings.perMepHourly, closed_at: settings.status === 'closed' ? db.fn.now() : null })
    .onConflict('slug')
    .ignore()
    .returning('id')) as { id: number }[];
  if (inserted[0]) {
    const id = inserted[0].id;
    const t = settings.targets;
    const key = new Set(settings.keyBodies);
    const rows = [
      ...(t.countries === 'all' ? allCountries : t.countries).map((value) => ({ kind: 'country', value, key: false })),
      ...[...new Set([...t.bodies, ...settings.keyBodies])].map((value) => ({ kind: 'body', value, key: key.has(value) })),
      ...t.groups.map((value) => ({ kind: 'group', value, key: false })),
      ...t.meps.map((value) => ({ kind: 'mep', value: String(value), key: false })),
    ].map((row) => ({ campaign_id: id, ...row }));
    if (rows.length > 0) await db('letter_campaign_targets').insert(rows);
    return { id, created: true };
  }
  const row = await db('letter_campaigns').where({ slug: settings.slug }).first<{ id: number }>('id');
  return { id: row.id, created: false };
}

/** Inserts the file's text, or replaces it while no organiser has edited the stored copy. */
export async function upsertCampaignText(db: Queryable, campaignId: number, file: LetterTextFile, sourceHash: string): Promise<void> {
  await db('letter_campaign_translations')
    .insert({
      campaign_id: campaignId,
      lang: file.lang,
      title: file.title,
      intro: file.intro,
      subject_template: file.subject,
      body_template: file.body,
      salutation_female: file.salutations.female,
      salutation_male: file.salutations.male,
      salutation_neutral: file.salutations.neutral,
      sources: JSON.stringify(file.sources),
      source_hash: sourceHash,
      updated_at: db.fn.now(),
    })
    .onConflict(['campaign_id', 'lang'])
    .merge(['title', 'intro', 'subject_template', 'body_template', 'salutation_female', 'salutation_male', 'salutation_neutral', 'sources', 'source_hash', 'updated_at'])
    .whereNull('letter_campaign_translations.edited_at')
    .andWhereRaw('letter_campaign_translations.source_hash <> excluded.source_hash');
}

/** A default prisoner entry: inserted, or replaced while no organiser has edited it. */
export async function upsertDefaultPrisoner(db: Queryable, campaignId: number, prisoner: PrisonerFile, position: number, sourceHash: string): Promise<void> {
  const rows = (await db('political_prisoners')
    .insert({ campaign_id: campaignId, ref: prisoner.ref, position, since: prisoner.since, as_of: prisoner.asOf, source_url: prisoner.sourceUrl, source_hash: sourceHash })
    .onConflict(['campaign_id', 'ref'])
    .merge(['position', 'since', 'as_of', 'source_url', 'source_hash', 'updated_at'])
    .whereNull('political_prisoners.edited_at')
    .andWhereRaw('political_prisoners.source_hash is distinct from excluded.source_hash')
    .returning('id')) as { id: number }[];
  const id = rows[0]?.id;
  if (id === undefined) return; // unchanged, or the organisers' own version
  await db('political_prisoner_translations').where({ prisoner_id: id }).delete();
  await db('political_prisoner_translations').insert(Object.entries(prisoner.text).map(([lang, t]) => ({ prisoner_id: id, lang, name: t.name, sentence: t.sentence, status: t.status, source_label: t.sourceLabel })));
}
