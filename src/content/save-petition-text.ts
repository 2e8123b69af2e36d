// Use-case: an organiser saves a petition's text in one language (new or edited). The consent wording's
// version is recomputed (each signature keeps the version it agreed to); edited_at keeps the default
// content from overwriting it; the audit entry names the language and the fields that changed.
import { audit } from '../admin/index.ts';
import type { Lang } from '../i18n/languages.ts';
import { consentVersion } from '../petitions/index.ts';
import { commitEdit, type ContentDeps, type Editor } from './commit-edit.ts';
import type { PetitionTextForm } from './content-forms.schema.ts';
import { PETITION_TEXT_FIELDS } from './content-forms.schema.ts';
import { findPetitionRow, petitionTexts, writePetitionText } from './content.repo.ts';

export type SaveResult = { kind: 'saved'; changed: string[] } | { kind: 'not-found' };

export async function savePetitionText(deps: ContentDeps, editor: Editor, input: { slug: string; lang: Lang; text: PetitionTextForm }): Promise<SaveResult> {
  return commitEdit(deps, async (trx) => {
    const petition = await findPetitionRow(trx, input.slug, true);
    if (!petition) return { kind: 'not-found' } as const;
    const before = (await petitionTexts(trx, petition.id)).find((t) => t.lang === input.lang);
    const changed = PETITION_TEXT_FIELDS.filter((f) => JSON.stringify(before?.[f]) !== JSON.stringify(input.text[f]));
    await writePetitionText(trx, petition.id, input.lang, { ...input.text, consentVersion: consentVersion(input.lang, input.text.consent) }, editor.now);
    await audit(trx, { actor: editor.actor, action: 'content.edited', subject: `petition:${petition.id}`, details: { slug: petition.slug, lang: input.lang, fields: changed, created: !before }, at: editor.now });
    return { kind: 'saved', changed } as const;
  });
}
