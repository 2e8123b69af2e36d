// What the dashboard reads (knex only). Confirmed signatures by confirmation day and by country come from
// the sharded counters (a few hundred small rows, whatever the petition's size); signatures created per
// day, by state, from an index-only scan of signatures_petition_created (petition, created_at) include
// (state, validity): one pass over the petition's index entries, no table rows read.
import type { Queryable } from '../db/knex.ts';
import type { Lang } from '../i18n/languages.ts';

export interface DashboardPetition {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly goal: number;
  readonly showMemberStates: boolean;
}

export async function findDashboardPetition(db: Queryable, slug: string, lang: Lang): Promise<DashboardPetition | undefined> {
  const { rows } = (await db.raw(
    `select p.id, p.slug, p.goal, p.show_member_states as "showMemberStates", coalesce(t.title, en.title, p.slug) as title
       from petitions p
       left join petition_translations t on t.petition_id = p.id and t.lang = ?
       left join petition_translations en on en.petition_id = p.id and en.lang = 'en'
      where p.slug = ?`,
    [lang, slug],
  )) as { rows: DashboardPetition[] };
  return rows[0];
}

/** The signatures created on one UTC day, by what became of them. */
export interface CreatedDay {
  readonly day: string;
  readonly created: number;
  /** Confirmed and valid (counted). */
  readonly confirmed: number;
  /** Awaiting confirmation (valid). */
  readonly pending: number;
  readonly withdrawn: number;
  /** Invalidated by moderation (not withdrawn). */
  readonly invalidated: number;
}

export async function createdPerDay(db: Queryable, petitionId: number): Promise<CreatedDay[]> {
  const { rows } = (await db.raw(
    `select to_char((created_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day,
            count(*)::int as created,
            count(*) filter (where state = 'confirmed' and validity = 'valid')::int as confirmed,
            count(*) filter (where state = 'pending' and validity = 'valid')::int as pending,
            count(*) filter (where state = 'withdrawn')::int as withdrawn,
            count(*) filter (where state <> 'withdrawn' and validity = 'invalidated')::int as invalidated
       from signatures
      where petition_id = ?
      group by 1
      order by 1`,
    [petitionId],
  )) as { rows: CreatedDay[] };
  return rows;
}

/** Counted signatures by UTC day of confirmation and by country (the counters). */
export async function countedCells(db: Queryable, petitionId: number): Promise<{ day: string; country: string; n: number }[]> {
  const { rows } = (await db.raw(
    `select to_char(day, 'YYYY-MM-DD') as day, country, sum(n)::int as n
       from signature_counts
      where petition_id = ?
      group by day, country
     having sum(n) <> 0
      order by day, country`,
    [petitionId],
  )) as { rows: { day: string; country: string; n: number }[] };
  return rows;
}

export async function setShowMemberStates(db: Queryable, petitionId: number, show: boolean): Promise<boolean> {
  return (await db('petitions').where({ id: petitionId }).whereNot({ show_member_states: show }).update({ show_member_states: show })) > 0;
}
