// Petitions and their per-language text.
import type { Lang } from '../i18n/languages.ts';
import type { Queryable } from '../db/knex.ts';
import { sha256 } from '../lib/crypto.ts';
import type { PetitionSettings, PetitionTextFile } from './petition.schema.ts';

export interface Petition {
  readonly id: number;
  readonly slug: string;
  readonly goal: number;
  readonly milestones: number[];
  readonly status: 'open' | 'closed';
  readonly deadline: Date | null;
  /** Whether the public page shows the progress per EU member state (switched on the dashboard). */
  readonly showMemberStates?: boolean;
}

export interface PetitionText {
  readonly title: string;
  readonly summary: string;
  readonly addressee: string;
  readonly body: string[];
  readonly asks: string[];
  readonly consent: string;
  readonly updatesConsent: string;
  readonly consentVersion: string;
}

/** Open means not closed by an organiser and not past its deadline. */
export function isOpen(petition: Petition, now: Date): boolean {
  return petition.status === 'open' && (petition.deadline === null || petition.deadline > now);
}

export async function findPetition(db: Queryable, slug: string): Promise<Petition | undefined> {
  return db('petitions').where({ slug }).first<Petition | undefined>('id', 'slug', 'goal', 'milestones', 'status', 'deadline', 'show_member_states as showMemberStates');
}

/** Every petition's slug that has a page (a text in some language; open or closed): for the sitemap. */
export async function listPetitionSlugs(db: Queryable): Promise<string[]> {
  return (await db('petitions as p').whereExists(db('petition_translations as t').whereRaw('t.petition_id = p.id')).orderBy('p.id').pluck('p.slug')) as string[];
}

export async function findPetitionText(db: Queryable, petitionId: number, lang: Lang): Promise<PetitionText | undefined> {
  return db('petition_translations')
    .where({ petition_id: petitionId, lang })
    .first<PetitionText | undefined>('title', 'summary', 'addressee', 'body', 'asks', 'consent', { updatesConsent: 'updates_consent' }, { consentVersion: 'consent_version' });
}

export const consentVersion = (lang: Lang, consent: string): string => sha256(`${lang}\n${consent}`).toString('hex');

export async function upsertPetition(db: Queryable, settings: PetitionSettings): Promise<number> {
  await db('petitions')
    .insert({ slug: settings.slug, goal: settings.goal, milestones: settings.milestones, status: settings.status, deadline: settings.deadline })
    .onConflict('slug')
    .ignore();
  const row = await db('petitions').where({ slug: settings.slug }).first<{ id: number }>('id');
  return row.id;
}

/** Inserts the file's text, or replaces it while no organiser has edited the stored copy. */
export async function upsertPetitionText(db: Queryable, petitionId: number, file: PetitionTextFile, sourceHash: string): Promise<void> {
  await db('petition_translations')
    .insert({
      petition_id: petitionId,
      lang: file.lang,
      title: file.title,
      summary: file.summary,
      addressee: file.addressee,
      body: JSON.stringify(file.body),
      asks: JSON.stringify(file.asks),
      consent: file.consent,
      updates_consent: file.updatesConsent,
      consent_version: consentVersion(file.lang, file.consent),
      source_hash: sourceHash,
      updated_at: db.fn.now(),
    })
    .onConflict(['petition_id', 'lang'])
    .merge(['title', 'summary', 'addressee', 'body', 'asks', 'consent', 'updates_consent', 'consent_version', 'source_hash', 'updated_at'])
    .whereNull('petition_translations.edited_at')
    .andWhereRaw('petition_translations.source_hash <> excluded.source_hash');
}

/** A petition as organisers' pages head it: its id, goal and title in their language (else English, else the slug). */
export interface PetitionHeading {
  readonly id: number;
  readonly slug: string;
  readonly goal: number;
  readonly title: string;
  readonly showMemberStates: boolean;
}

export async function findPetitionHeading(db: Queryable, slug: string, lang: Lang): Promise<PetitionHeading | undefined> {
  const { rows } = (await db.raw(
    `select p.id, p.slug, p.goal, p.show_member_states as "showMemberStates", coalesce(t.title, en.title, p.slug) as title
       from petitions p
       left join petition_translations t on t.petition_id = p.id and t.lang = ?
       left join petition_translations en on en.petition_id = p.id and en.lang = 'en'
      where p.slug = ?`,
    [lang, slug],
  )) as { rows: PetitionHeading[] };
  return rows[0];
}
