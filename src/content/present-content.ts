// View models of the organisers' content pages: each text's languages (present, missing, edited), the
// forms with their values, errors and the Markdown preview.
import type { Translate } from '../i18n/i18n.ts';
import { DEFAULT_LANG, LANG_NAMES, LANGS, type Lang } from '../i18n/languages.ts';
import { fromBlocks, renderMarkdown, type SourceRefs } from '../lib/markdown.ts';
import { formatSources, type FieldErrorKey } from './content-forms.schema.ts';
import type { CampaignTextRow, PetitionRow, PetitionTextRow, TextLanguage } from './content.repo.ts';

export interface LanguageView {
  readonly lang: Lang;
  readonly name: string;
  readonly present: boolean;
  /** Changed by an organiser (the default content no longer replaces it). */
  readonly edited: boolean;
  readonly href: string;
}

export interface TextRowView {
  readonly slug: string;
  readonly title: string;
  readonly href: string;
  readonly status?: 'open' | 'closed';
  readonly languages: LanguageView[];
  readonly missing: string[];
}

export function languagesOf(texts: readonly Pick<TextLanguage, 'lang' | 'editedAt'>[], hrefOf: (lang: Lang) => string): LanguageView[] {
  return LANGS.map((lang) => {
    const text = texts.find((t) => t.lang === lang);
    return { lang, name: LANG_NAMES[lang], present: Boolean(text), edited: Boolean(text?.editedAt), href: hrefOf(lang) };
  });
}

export function presentTextRow(kind: 'petitions' | 'campaigns', owner: { id: number; slug: string; status?: 'open' | 'closed' }, all: readonly TextLanguage[], lang: Lang): TextRowView {
  const texts = all.filter((t) => t.ownerId === owner.id);
  const languages = languagesOf(texts, (l) => `/admin/content/${kind}/${owner.slug}/texts/${l}`);
  const title = (texts.find((t) => t.lang === lang) ?? texts.find((t) => t.lang === DEFAULT_LANG) ?? texts[0])?.title ?? owner.slug;
  return {
    slug: owner.slug,
    title,
    href: kind === 'petitions' ? `/admin/content/petitions/${owner.slug}` : languages[0]!.href,
    ...(owner.status ? { status: owner.status } : {}),
    languages,
    missing: languages.filter((l) => !l.present).map((l) => l.name),
  };
}

export interface FormView<V> {
  readonly values: V;
  readonly errors: { field: string; message: string }[];
  readonly fieldErrors: Record<string, string>;
}

export function formView<V>(t: Translate, values: V, errors: readonly FieldErrorKey[] = []): FormView<V> {
  const list = errors.map((e) => ({ field: e.field, message: t(e.key) }));
  return { values, errors: list, fieldErrors: Object.fromEntries(list.map((e) => [e.field, e.message])) };
}

export type PetitionTextValues = Record<'title' | 'summary' | 'addressee' | 'body' | 'asks' | 'consent' | 'updatesConsent', string>;

export function petitionTextValues(text: PetitionTextRow | undefined): PetitionTextValues {
  return {
    title: text?.title ?? '',
    summary: text?.summary ?? '',
    addressee: text?.addressee ?? '',
    body: text ? fromBlocks(text.body) : '',
    asks: text ? text.asks.join('\n') : '',
    consent: text?.consent ?? '',
    updatesConsent: text?.updatesConsent ?? '',
  };
}

export interface CampaignSectionValues {
  readonly id: string;
  readonly heading: string;
  readonly body: string;
}

export interface CampaignTextValues {
  readonly title: string;
  readonly lead: string;
  readonly sections: CampaignSectionValues[];
  /** One source a line (content-forms.schema.ts formatSources). */
  readonly sources: string;
}

/** The form for `lang`, following the structure of `model` (the text itself, or the English one). */
export function campaignTextValues(text: CampaignTextRow | undefined, model: CampaignTextRow | undefined): CampaignTextValues {
  const sectionIds = (text ?? model)?.sections.map((s) => s.id) ?? [];
  return {
    title: text?.title ?? '',
    lead: text?.lead ?? '',
    sections: sectionIds.map((id) => {
      const section = text?.sections.find((s) => s.id === id);
      return { id, heading: section?.heading ?? '', body: section ? fromBlocks(section.paragraphs) : '' };
    }),
    sources: formatSources((text ?? model)?.sources ?? []),
  };
}

/** The posted campaign form's values (for a 422 or a preview). */
export function postedCampaignValues(fields: Record<string, unknown>, sectionIds: readonly string[]): CampaignTextValues {
  const s = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).slice(0, 40000) : '');
  return { title: s('title'), lead: s('lead'), sections: sectionIds.map((id) => ({ id, heading: s(`heading-${id}`), body: s(`body-${id}`) })), sources: s('sources') };
}

export function postedPetitionValues(fields: Record<string, unknown>): PetitionTextValues {
  const s = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).slice(0, 40000) : '');
  return { title: s('title'), summary: s('summary'), addressee: s('addressee'), body: s('body'), asks: s('asks'), consent: s('consent'), updatesConsent: s('updatesConsent') };
}

/** The preview as the public page will show it (same renderer, same source links). */
export const previewHtml = (markdown: string, refs: SourceRefs): string => renderMarkdown(markdown.replace(/\r\n?/g, '\n'), refs);

export interface PetitionOverview {
  readonly slug: string;
  readonly title: string;
  readonly status: 'open' | 'closed';
  readonly closedAt: Date | null;
  readonly publicHref: string;
  readonly languages: LanguageView[];
  readonly missing: string[];
}

export function presentPetitionOverview(petition: PetitionRow, row: TextRowView, lang: Lang): PetitionOverview {
  return { slug: petition.slug, title: row.title, status: petition.status, closedAt: petition.closedAt, publicHref: `/${lang}/petitions/${petition.slug}`, languages: row.languages, missing: row.missing };
}
