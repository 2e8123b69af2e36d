// What a version of an entry says, independent of where it is stored or shown.
import type { Lang } from '../i18n/languages.ts';
import { LANGS } from '../i18n/languages.ts';
import type { Category } from './categories.ts';

export interface EntryNames {
  /** In the person's own script. */
  readonly original: string;
  readonly latin: string;
  readonly cyrillic: string;
}

export interface EntryText {
  /** Position at the time. */
  readonly position: string;
  /** Institution at the time. */
  readonly institution: string;
  readonly summary: string;
}

export interface EntrySource {
  readonly title: string;
  readonly url: string | null;
  /** YYYY-MM-DD. */
  readonly date: string | null;
}

export interface EntryContent {
  readonly names: EntryNames;
  readonly category: Category;
  readonly texts: Partial<Record<Lang, EntryText>>;
  readonly sources: readonly EntrySource[];
}

/** A version can go to review only when every language has its texts and there is at least one source. */
export function missingForReview(content: EntryContent): string[] {
  const missing: string[] = [];
  for (const lang of LANGS) {
    const text = content.texts[lang];
    if (!text || !text.position || !text.institution || !text.summary) missing.push(`texts.${lang}`);
  }
  if (content.sources.length === 0) missing.push('sources');
  return missing;
}
