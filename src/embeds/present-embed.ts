// View models of the embed: the count toward the goal and the compact form with its values and errors.
import { countryOptions, type CountryOption } from '../i18n/countries.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Lang } from '../i18n/languages.ts';
import { isOpen, type FieldError, type PetitionPageData, type SignFormValues } from '../petitions/index.ts';

export interface EmbedView {
  readonly slug: string;
  readonly title: string;
  readonly count: number;
  readonly goal: number;
  readonly progressLabel: string;
  readonly consent: string;
  readonly updatesConsent: string;
  readonly open: boolean;
  readonly countries: CountryOption[];
  /** The full petition page on our site (opens in a new tab). */
  readonly petitionUrl: string;
}

export function presentEmbed(input: { data: PetitionPageData; lang: Lang; t: Translate; formatNumber: (n: number) => string; now: Date }): EmbedView {
  const { data, lang, t, formatNumber } = input;
  return {
    slug: data.petition.slug,
    title: data.text.title,
    count: data.count,
    goal: data.petition.goal,
    progressLabel: t('embeds.progress', { count: data.count, formattedCount: formatNumber(data.count), goal: formatNumber(data.petition.goal) }),
    consent: data.text.consent,
    updatesConsent: data.text.updatesConsent,
    open: isOpen(data.petition, input.now),
    countries: countryOptions(lang),
    petitionUrl: `/${lang}/petitions/${data.petition.slug}`,
  };
}

export interface EmbedFormView {
  readonly values: SignFormValues;
  readonly errors: { field: string; message: string }[];
  readonly fieldErrors: Record<string, string>;
  readonly rendered: string;
}

export const EMPTY_VALUES: SignFormValues = { name: '', email: '', country: '', postcode: '', public: false, consent: false, updates: false };

export function presentEmbedForm(t: Translate, values: SignFormValues, errors: readonly FieldError[], rendered: string): EmbedFormView {
  const list = errors.map((e) => ({ field: e.field, message: t(e.key) }));
  return { values, errors: list, fieldErrors: Object.fromEntries(list.map((e) => [e.field, e.message])), rendered };
}
