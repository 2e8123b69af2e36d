// View models of the letter tool: the page where supporters choose MEPs and write their paragraph, and
// the page that shows their letters. Views print everything escaped.
import { countryName, countryOptions, type CountryOption } from '../i18n/countries.ts';
import { dateFormatter } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Lang } from '../i18n/languages.ts';
import { INTL_LOCALE } from '../i18n/languages.ts';
import { bodyName, EU_COUNTRIES, sittingMeps, type DirectorySnapshot, type Mep } from '../meps/index.ts';
import { toSegments, type Segment } from '../campaign/index.ts';
import type { Source } from './campaign.schema.ts';
import { isTarget, keyBodiesOf, type CampaignBundle } from './letter-catalog.ts';
import type { FieldError, LetterFormValues } from './letter-form.schema.ts';
import { fillBody } from './letter-template.ts';

export interface BodyBadge {
  readonly code: string;
  readonly short: string;
  readonly name: string;
  readonly lang: Lang;
  readonly substitute: boolean;
}

export interface MepOption {
  readonly id: number;
  readonly name: string;
  readonly group: string;
  readonly country: string;
  readonly badges: BodyBadge[];
  readonly checked: boolean;
}

export interface FormView {
  readonly values: LetterFormValues;
  readonly errors: { field: string; message: string }[];
  readonly fieldErrors: Record<string, string>;
}

export interface ToolPage {
  readonly slug: string;
  readonly title: string;
  readonly intro: Segment[];
  readonly sources: Source[];
  readonly open: boolean;
  readonly maxMeps: number;
  /** The list shown (carried to a 422 page). */
  readonly filter: { country: string; body: string };
  /** What the filter form shows as chosen. */
  readonly selected: { country: string; body: string };
  readonly countries: { code: string; name: string }[];
  readonly bodies: { key: BodyOption[]; committees: BodyOption[]; delegations: BodyOption[] };
  readonly listTitle: string;
  readonly meps: MepOption[];
  readonly residence: CountryOption[];
  readonly preview: string;
  readonly prisoners: { name: string; sentence: string; status: string; since: string | null; asOf: string; source: string; url: string | null }[];
  readonly form: FormView;
}

export interface BodyOption {
  readonly code: string;
  readonly name: string;
}

export const EMPTY_VALUES: LetterFormValues = { name: '', email: '', country: '', meps: [], personal: '', consent: false, followup: true };

export function presentForm(t: Translate, values: LetterFormValues, errors: readonly FieldError[]): FormView {
  const list = errors.map((e) => ({ field: e.field === 'mep' ? 'meps' : e.field, message: t(e.key, e.values ?? {}) }));
  return { values, errors: list, fieldErrors: Object.fromEntries(list.map((e) => [e.field, e.message])) };
}

/** What the list shows when the visitor has chosen nothing: their country if the page language suggests one, else the first key delegation. */
export function defaultFilter(lang: Lang, bundle: CampaignBundle, snapshot: DirectorySnapshot): { country?: string; body?: string } {
  if (lang === 'pl') return { country: 'PL' };
  const delegation = bundle.keyBodies.find((code) => snapshot.bodies.get(code)?.kind === 'delegation');
  return { body: delegation ?? bundle.keyBodies[0] ?? 'AFET' };
}

function badgesOf(bundle: CampaignBundle, mep: Mep, snapshot: DirectorySnapshot, lang: Lang): BodyBadge[] {
  return keyBodiesOf(bundle, mep).flatMap((code) => {
    const body = snapshot.bodies.get(code);
    if (!body) return [];
    const named = bodyName(body, lang);
    return [{ code, short: named.short, name: named.name, lang: named.lang, substitute: mep.bodyRoles?.[code] === 'substitute' }];
  });
}

export function mepOptions(bundle: CampaignBundle, snapshot: DirectorySnapshot, lang: Lang, filter: { country?: string; body?: string }, chosen: readonly number[]): MepOption[] {
  const collator = new Intl.Collator(INTL_LOCALE[lang]);
  const listed = filter.country || filter.body ? sittingMeps(snapshot, filter).filter((m) => isTarget(bundle, m)) : [];
  const extra = chosen.flatMap((id) => {
    const mep = snapshot.byId.get(id);
    return mep && isTarget(bundle, mep) && !listed.includes(mep) ? [mep] : [];
  });
  const options = [...extra, ...listed].map((mep) => ({ id: mep.id, name: mep.fullName, group: mep.group, country: countryName(lang, mep.country), badges: badgesOf(bundle, mep, snapshot, lang), checked: chosen.includes(mep.id), familyName: mep.familyName }));
  const rank = (o: (typeof options)[number]) => (o.checked ? 0 : o.badges.length > 0 ? 1 : 2);
  return options.sort((a, b) => rank(a) - rank(b) || collator.compare(a.familyName, b.familyName) || collator.compare(a.name, b.name)).map(({ familyName: _f, ...o }) => o);
}

function bodyOptions(bundle: CampaignBundle, snapshot: DirectorySnapshot, lang: Lang): ToolPage['bodies'] {
  const collator = new Intl.Collator(INTL_LOCALE[lang]);
  const option = (code: string) => ({ code, name: `${bodyName(snapshot.bodies.get(code)!, lang).name} (${code})` });
  const key = bundle.keyBodies.filter((c) => snapshot.bodies.has(c)).map(option);
  const rest = [...snapshot.bodies.values()].filter((b) => !bundle.keyBodies.includes(b.code));
  const sorted = (kind: string) => rest.filter((b) => b.kind === kind).map((b) => option(b.code)).sort((a, b) => collator.compare(a.name, b.name));
  return { key, committees: sorted('committee'), delegations: sorted('delegation') };
}

/** The campaign's letter in the page language, with the parts each sender fills in shown as labels. */
function preview(t: Translate, bundle: CampaignBundle, lang: Lang): string {
  const text = bundle.texts.get(lang) ?? bundle.texts.get('en')!;
  const label = (key: string) => `[${t(key)}]`;
  return fillBody(
    text.body,
    { salutation: label('letters.preview.salutation'), mepName: label('letters.preview.mepName'), senderName: label('letters.preview.senderName'), senderPlace: label('letters.preview.senderPlace') },
    { personal: label('letters.preview.personal'), prisoners: label('letters.preview.prisoners') },
  );
}

export function presentToolPage(input: { t: Translate; lang: Lang; bundle: CampaignBundle; snapshot: DirectorySnapshot; filter: { country?: string; body?: string }; selected: { country?: string; body?: string }; form: FormView }): ToolPage {
  const { t, lang, bundle, snapshot, filter } = input;
  const text = bundle.texts.get(lang) ?? bundle.texts.get('en')!;
  const known = new Set(text.sources.map((s) => s.n));
  const collator = new Intl.Collator(INTL_LOCALE[lang]);
  const body = filter.body ? snapshot.bodies.get(filter.body) : undefined;
  const bodyLabel = body ? bodyName(body, lang).name : '';
  const countryLabel = filter.country ? countryName(lang, filter.country) : '';
  const listTitle =
    countryLabel && bodyLabel ? t('letters.tool.listBoth', { country: countryLabel, body: bodyLabel }) : countryLabel ? t('letters.tool.listCountry', { country: countryLabel }) : bodyLabel ? t('letters.tool.listBody', { body: bodyLabel }) : t('letters.tool.listNone');
  return {
    slug: bundle.campaign.slug,
    title: text.title,
    intro: toSegments(text.intro, known),
    sources: [...text.sources].sort((a, b) => a.n - b.n),
    open: bundle.campaign.status === 'open',
    maxMeps: bundle.campaign.maxMeps,
    filter: { country: filter.country ?? '', body: filter.body ?? '' },
    selected: { country: input.selected.country ?? '', body: input.selected.body ?? '' },
    countries: EU_COUNTRIES.map((code) => ({ code, name: countryName(lang, code) })).sort((a, b) => collator.compare(a.name, b.name)),
    bodies: bodyOptions(bundle, snapshot, lang),
    listTitle,
    meps: mepOptions(bundle, snapshot, lang, filter, input.form.values.meps),
    residence: countryOptions(lang),
    preview: preview(t, bundle, lang),
    prisoners: bundle.prisoners.flatMap((p) => {
      const text = p.texts[lang] ?? p.texts.en;
      const date = dateFormatter(lang);
      return text ? [{ name: text.name, sentence: text.sentence, status: text.status, since: p.since && date(p.since), asOf: date(p.asOf), source: text.sourceLabel, url: p.sourceUrl }] : [];
    }),
    form: input.form,
  };
}
