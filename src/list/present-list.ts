// View models of the public list: each published entry in the page's language, with its sources, and the
// category filter links.
import type { Lang } from '../i18n/languages.ts';
import { CATEGORIES, CATEGORY_KEYS, type Category } from './categories.ts';
import type { PublishedEntry } from './entries.repo.ts';

export interface EntryView {
  readonly slug: string;
  readonly href: string;
  /** The name in the page's script (Cyrillic for ru and kk, Latin otherwise). */
  readonly name: string;
  readonly names: { readonly original: string; readonly latin: string; readonly cyrillic: string };
  readonly categoryKey: string;
  readonly categoryHref: string;
  readonly position: string;
  readonly institution: string;
  readonly summary: string;
  readonly sources: readonly { readonly title: string; readonly url: string | null; readonly date: string | null }[];
  readonly version: number;
  readonly publishedAt: Date;
}

export interface FilterLink {
  readonly labelKey: string;
  readonly href: string;
  readonly current: boolean;
}

const CYRILLIC_PAGES: ReadonlySet<Lang> = new Set(['ru', 'kk']);

export function presentEntry(lang: Lang, entry: PublishedEntry): EntryView {
  const v = entry.version;
  const text = v.texts[lang] ?? v.texts.en ?? { position: '', institution: '', summary: '' };
  return {
    slug: entry.slug,
    href: `/${lang}/list/${entry.slug}`,
    name: CYRILLIC_PAGES.has(lang) ? v.names.cyrillic : v.names.latin,
    names: v.names,
    categoryKey: CATEGORY_KEYS[v.category],
    categoryHref: `/${lang}/list?category=${v.category}`,
    position: text.position,
    institution: text.institution,
    summary: text.summary,
    sources: v.sources,
    version: v.number,
    publishedAt: entry.publishedAt,
  };
}

export function presentFilters(lang: Lang, current: Category | undefined): FilterLink[] {
  return [
    { labelKey: 'list.allCategories', href: `/${lang}/list`, current: current === undefined },
    ...CATEGORIES.map((c) => ({ labelKey: CATEGORY_KEYS[c], href: `/${lang}/list?category=${c}`, current: current === c })),
  ];
}
