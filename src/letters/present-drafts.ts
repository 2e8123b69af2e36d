// The view model of the drafts page: each letter in its language with its mailto: link (or the text to
// copy when the link would be too long), the other languages it can be shown in, and whether it may go
// through the platform; the form's values, carried in hidden fields to the next step.
import { countryName } from '../i18n/countries.ts';
import type { Translate } from '../i18n/i18n.ts';
import { LANG_NAMES, LANGS, type Lang } from '../i18n/languages.ts';
import type { Eligibility } from './eligibility.ts';
import type { LetterForm } from './letter-form.schema.ts';
import { mailtoLink, type Mailto } from './mailto.ts';
import type { PreparedLetter } from './prepare-letters.ts';
import { fill } from './letter-template.ts';
import { MIN_PERSONAL_WORDS } from './similarity.ts';

export interface DraftView {
  readonly mepId: number;
  readonly mepName: string;
  readonly group: string;
  readonly country: string;
  readonly email: string;
  readonly lang: Lang;
  readonly langName: string;
  readonly otherLangs: { lang: Lang; name: string }[];
  readonly subject: string;
  readonly body: string;
  readonly mailto: Mailto;
  readonly eligibility: Eligibility;
  readonly eligibilityText: string;
  readonly languageText: string;
  readonly toText: string;
  readonly profileUrl: string;
}

export interface DraftsPage {
  readonly slug: string;
  readonly drafts: DraftView[];
  readonly eligible: number;
  readonly platformFrom: string;
  readonly hidden: { name: string; email: string; country: string; personal: string; followup: boolean; meps: number[]; letterLangs: string[] };
}

const ELIGIBILITY_KEYS: Record<Eligibility, string> = {
  ok: 'letters.drafts.platformOk',
  'no-personal': 'letters.drafts.platformNoPersonal',
  'too-short': 'letters.drafts.platformTooShort',
  'near-copy': 'letters.drafts.platformNearCopy',
};

export function presentDrafts(input: { t: Translate; lang: Lang; slug: string; form: LetterForm; letters: readonly PreparedLetter[]; eligibility: ReadonlyMap<number, Eligibility> }): DraftsPage {
  const { t, lang, form } = input;
  const once = new Map<string, string>();
  const text = (key: string, values: Record<string, unknown>) => {
    const cacheKey = `${key}\u0000${JSON.stringify(values)}`;
    let value = once.get(cacheKey);
    if (value === undefined) once.set(cacheKey, (value = t(key, values)));
    return value;
  };
  const drafts = input.letters.map(({ mep, letter }) => {
    const eligibility = input.eligibility.get(mep.id) ?? 'no-personal';
    return {
      mepId: mep.id,
      mepName: mep.fullName,
      group: mep.group,
      country: countryName(lang, mep.country),
      email: mep.email!,
      lang: letter.lang,
      langName: LANG_NAMES[letter.lang],
      otherLangs: LANGS.filter((l) => l !== letter.lang).map((l) => ({ lang: l, name: LANG_NAMES[l] })),
      subject: letter.subject,
      body: letter.body,
      mailto: mailtoLink(mep.email!, letter.subject, letter.body),
      eligibility,
      eligibilityText: text(ELIGIBILITY_KEYS[eligibility], { count: MIN_PERSONAL_WORDS }),
      languageText: fill(t('letters.drafts.language'), { language: LANG_NAMES[letter.lang] }),
      // i18next's interpolation costs ~50 µs a call; these strings have no plural, so fill in the plain lookup.
      toText: fill(t('letters.drafts.to'), { name: mep.fullName }),
      profileUrl: mep.profileUrl,
    };
  });
  return {
    slug: input.slug,
    drafts,
    eligible: drafts.filter((d) => d.eligibility === 'ok').length,
    platformFrom: fill(t('letters.drafts.platformFrom'), { name: form.name }),
    hidden: { name: form.name, email: form.email, country: form.country, personal: form.personal, followup: form.followup, meps: form.mep, letterLangs: drafts.map((d) => `${d.mepId}:${d.lang}`) },
  };
}
