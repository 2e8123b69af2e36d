// Use-case shared by the drafts page, the PDF and the request to send: checks the chosen MEPs against
// the campaign (sitting, targeted, not too many) and composes each letter in its language.
import type { Lang } from '../i18n/languages.ts';
import { translatorFor } from '../i18n/i18n.ts';
import type { Mep } from '../meps/index.ts';
import type { CampaignBundle } from './letter-catalog.ts';
import { isTarget } from './letter-catalog.ts';
import type { LetterDeps } from './letter-deps.ts';
import { composeLetter, defaultLetterLang, type ComposedLetter } from './compose-letter.ts';
import { LETTER_ERRORS, type FieldError, type LetterForm } from './letter-form.schema.ts';

export interface PreparedLetter {
  readonly mep: Mep;
  readonly letter: ComposedLetter;
}

export type Prepared = { ok: true; letters: PreparedLetter[] } | { ok: false; errors: FieldError[] };

export async function prepareLetters(deps: Pick<LetterDeps, 'directory' | 'i18n'>, bundle: CampaignBundle, form: LetterForm, languages: ReadonlyMap<number, Lang>): Promise<Prepared> {
  const max = bundle.campaign.maxMeps;
  if (form.mep.length > max) return { ok: false, errors: [{ field: 'mep', key: LETTER_ERRORS.tooMany, values: { count: max } }] };
  const snapshot = await deps.directory.snapshot();
  const meps = form.mep.map((id) => snapshot.byId.get(id));
  if (meps.some((m) => !m || !isTarget(bundle, m))) return { ok: false, errors: [{ field: 'mep', key: LETTER_ERRORS.mepUnknown }] };
  const letters = (meps as Mep[]).map((mep) => {
    const wanted = languages.get(mep.id) ?? defaultLetterLang(mep);
    const text = bundle.texts.get(wanted) ?? bundle.texts.get(defaultLetterLang(mep)) ?? bundle.texts.get('en')!;
    const letter = composeLetter({ t: translatorFor(deps.i18n, text.lang), text, prisoners: bundle.prisoners, mep, sender: { name: form.name, country: form.country, personal: form.personal } });
    return { mep, letter };
  });
  return { ok: true, letters };
}
