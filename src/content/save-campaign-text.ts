// Use-case: an organiser saves a campaign's text in one language: title, lead, its sections and its
// list of sources (each language has its own labels). A language the campaign has no text in yet takes
// its sections' structure (and the form its sources) from the English text, or the first there is.
import { audit } from '../admin/index.ts';
import { DEFAULT_LANG, type Lang } from '../i18n/languages.ts';
import { commitEdit, type ContentDeps, type Editor } from './commit-edit.ts';
import type { CampaignTextForm } from './content-forms.schema.ts';
import { campaignTexts, findCampaignRow, writeCampaignText, type CampaignTextRow } from './content.repo.ts';

export type SaveResult = { kind: 'saved'; changed: string[] } | { kind: 'not-found' };

/** The text whose structure (section ids, sources) a language's form follows. */
export function modelText(texts: readonly CampaignTextRow[], lang: Lang): CampaignTextRow | undefined {
  return texts.find((t) => t.lang === lang) ?? texts.find((t) => t.lang === DEFAULT_LANG) ?? texts[0];
}

export async function saveCampaignText(deps: ContentDeps, editor: Editor, input: { slug: string; lang: Lang; text: CampaignTextForm }): Promise<SaveResult> {
  return commitEdit(deps, async (trx) => {
    const campaign = await findCampaignRow(trx, input.slug);
    if (!campaign) return { kind: 'not-found' } as const;
    await trx('campaigns').where({ id: campaign.id }).forUpdate().first('id');
    const texts = await campaignTexts(trx, campaign.id);
    const before = texts.find((t) => t.lang === input.lang);
    const changed = [
      ...(before?.title !== input.text.title ? ['title'] : []),
      ...(before?.lead !== input.text.lead ? ['lead'] : []),
      ...input.text.sections.filter((s) => JSON.stringify(before?.sections.find((b) => b.id === s.id)) !== JSON.stringify(s)).map((s) => `section:${s.id}`),
      ...(JSON.stringify(before?.sources) !== JSON.stringify(input.text.sources) ? ['sources'] : []),
    ];
    await writeCampaignText(trx, campaign.id, input.lang, input.text, editor.now);
    await audit(trx, { actor: editor.actor, action: 'content.edited', subject: `campaign:${campaign.id}`, details: { slug: campaign.slug, lang: input.lang, fields: changed, created: !before }, at: editor.now });
    return { kind: 'saved', changed } as const;
  });
}
