// View models of the organisers' letter pages.
import { countryName } from '../../i18n/countries.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { LANG_NAMES, LANGS, type Lang } from '../../i18n/languages.ts';
import { EU_COUNTRIES, GROUPS } from '../../meps/index.ts';
import type { CampaignText, LetterCampaign, Prisoner, Target } from '../campaign.repo.ts';
import { prisonerReview, type ReviewState } from '../prisoner-review.ts';
import type { AdminFieldError } from './admin-forms.schema.ts';

export interface CampaignStats {
  readonly sent: number;
  readonly scheduled: number;
  readonly pending: number;
  readonly meps: number;
}

export interface FormState<V> {
  readonly values: V;
  readonly errors: { field: string; message: string }[];
  readonly fieldErrors: Record<string, string>;
}

export function formState<V>(t: Translate, values: V, errors: readonly AdminFieldError[] = []): FormState<V> {
  const list = errors.map((e) => ({ field: e.field, message: t(e.key, e.values ?? {}) }));
  return { values, errors: list, fieldErrors: Object.fromEntries(list.map((e) => [e.field, e.message])) };
}

export const STATS_ZERO: CampaignStats = { sent: 0, scheduled: 0, pending: 0, meps: 0 };

export function presentDashboardRow(lang: Lang, campaign: LetterCampaign, texts: readonly CampaignText[], prisoners: readonly Prisoner[], stats: CampaignStats | undefined, now: Date) {
  const title = texts.find((t) => t.lang === lang)?.title ?? texts.find((t) => t.lang === 'en')?.title ?? campaign.slug;
  return { slug: campaign.slug, title, open: campaign.status === 'open', stats: stats ?? STATS_ZERO, review: prisonerReview(campaign, prisoners, now), href: `/admin/letters/${campaign.slug}` };
}

export function targetsValues(targets: readonly Target[]) {
  const of = (kind: Target['kind']) => targets.filter((t) => t.kind === kind).map((t) => t.value);
  const countries = of('country');
  return {
    countries: countries.length === EU_COUNTRIES.length ? EU_COUNTRIES.join(' ') : countries.join(' '),
    bodies: targets.filter((t) => t.kind === 'body' && !t.key).map((t) => t.value).join(' '),
    keyBodies: targets.filter((t) => t.kind === 'body' && t.key).map((t) => t.value).join(' '),
    groups: of('group'),
    meps: of('mep').join(' '),
  };
}

export const settingsOf = (c: LetterCampaign) => ({ status: c.status, maxMeps: String(c.maxMeps), perMepHourly: String(c.perMepHourly) });

export function textValuesOf(text: CampaignText | undefined) {
  return {
    title: text?.title ?? '',
    intro: text?.intro ?? '',
    subject: text?.subject ?? '',
    body: text?.body ?? '',
    salutationFemale: text?.salutations.female ?? '',
    salutationMale: text?.salutations.male ?? '',
    salutationNeutral: text?.salutations.neutral ?? '',
    sources: (text?.sources ?? []).map((s) => (s.url ? `${s.label} | ${s.url}` : s.label)).join('\n'),
  };
}

export function prisonerValuesOf(p: Prisoner | undefined) {
  return {
    ref: p?.ref ?? '',
    since: p?.since ?? '',
    asOf: p?.asOf ?? '',
    sourceUrl: p?.sourceUrl ?? '',
    ...Object.fromEntries(LANGS.map((l) => [l, { name: p?.texts[l]?.name ?? '', sentence: p?.texts[l]?.sentence ?? '', status: p?.texts[l]?.status ?? '', sourceLabel: p?.texts[l]?.sourceLabel ?? '' }])),
  } as { ref: string; since: string; asOf: string; sourceUrl: string } & Record<Lang, { name: string; sentence: string; status: string; sourceLabel: string }>;
}

export function presentPrisoners(lang: Lang, prisoners: readonly Prisoner[], slug: string) {
  return prisoners.map((p) => ({ id: p.id, name: (p.texts[lang] ?? p.texts.en)?.name ?? p.ref, asOf: p.asOf, since: p.since, href: `/admin/letters/${slug}/prisoners/${p.id}` }));
}

export const languages = (slug: string) => LANGS.map((l) => ({ lang: l, name: LANG_NAMES[l], href: `/admin/letters/${slug}/texts/${l}` }));
export const groupOptions = GROUPS;
export const countryOptionsEu = (lang: Lang) => EU_COUNTRIES.map((code) => ({ code, name: countryName(lang, code) }));
export type { ReviewState };
