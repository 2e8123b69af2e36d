// One letter to one MEP in one language: the campaign's templates filled in with the MEP's name and the
// formal salutation for them (neutral where the EP records no gender), the sender's name, place and own
// paragraph, and the prisoners list, each entry with the date its information describes and its source.
import { countryName } from '../i18n/countries.ts';
import { dateFormatter } from '../i18n/format.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Lang } from '../i18n/languages.ts';
import type { CampaignText, Prisoner } from './campaign.repo.ts';
import { fill, fillBody } from './letter-template.ts';

export interface LetterMep {
  readonly fullName: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly gender: 'female' | 'male' | null;
  readonly country: string;
}

export interface LetterSender {
  readonly name: string;
  /** ISO 3166-1 alpha-2; named in the letter's language. */
  readonly country: string;
  /** The sender's own paragraph (may be several paragraphs, or empty). */
  readonly personal: string;
}

export interface ComposedLetter {
  readonly lang: Lang;
  readonly subject: string;
  readonly body: string;
}

/** Polish for Polish MEPs, English otherwise (the sender may choose another). */
export const defaultLetterLang = (mep: Pick<LetterMep, 'country'>): Lang => (mep.country === 'PL' ? 'pl' : 'en');

export function salutation(text: CampaignText, mep: LetterMep): string {
  const template = mep.gender === 'female' ? text.salutations.female : mep.gender === 'male' ? text.salutations.male : text.salutations.neutral;
  return fill(template, { fullName: mep.fullName, familyName: mep.familyName, givenName: mep.givenName });
}

/**
 * The prisoners block: one line per entry, in the letter's language (entries without that language fall
 * back to English), each with the date its information describes and its source (the links are on the tool page).
 */
export function prisonersBlock(t: Translate, lang: Lang, prisoners: readonly Prisoner[]): string {
  // The same for every letter in a language while the list is unchanged (the catalog hands out one array per load).
  let byLang = blocks.get(prisoners);
  if (!byLang) blocks.set(prisoners, (byLang = new Map()));
  let block = byLang.get(lang);
  if (block === undefined) byLang.set(lang, (block = renderPrisoners(t, lang, prisoners)));
  return block;
}

const blocks = new WeakMap<readonly Prisoner[], Map<Lang, string>>();

function renderPrisoners(t: Translate, lang: Lang, prisoners: readonly Prisoner[]): string {
  const formatDate = dateFormatter(lang);
  return prisoners
    .flatMap((p) => {
      const text = p.texts[lang] ?? p.texts.en;
      if (!text) return [];
      const values = { name: text.name, sentence: text.sentence, status: text.status, asOf: formatDate(p.asOf), source: text.sourceLabel };
      const line = p.since ? t('letters.letter.prisonerSince', { ...values, since: formatDate(p.since) }) : t('letters.letter.prisoner', values);
      return [line];
    })
    .join('\n');
}

export function composeLetter(input: { t: Translate; text: CampaignText; prisoners: readonly Prisoner[]; mep: LetterMep; sender: LetterSender }): ComposedLetter {
  const { t, text, mep, sender } = input;
  const senderPlace = countryName(text.lang, sender.country);
  const inline = { salutation: salutation(text, mep), mepName: mep.fullName, senderName: sender.name, senderPlace };
  return {
    lang: text.lang,
    subject: fill(text.subject, inline),
    body: fillBody(text.body, inline, { personal: sender.personal, prisoners: prisonersBlock(t, text.lang, input.prisoners) }),
  };
}
