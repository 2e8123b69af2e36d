// The organisers' content pages under /admin/content (organisers and admins): the petitions and
// campaigns with the languages each text is in or missing; a petition's goal, milestones, opening and
// closing; a new petition; each text's form per language with a preview of its Markdown as the public
// page will show it. Bad input is a 422 with the values kept; every change is audit-logged.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { adminActor, adminNav, renderAdminError, requireRole } from '../admin/index.ts';
import { LANG_NAMES, type Lang } from '../i18n/languages.ts';
import { formBody } from '../admin/form.ts';
import { createRouter } from '../web/params.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import type { i18n } from 'i18next';
import { translatorFor } from '../i18n/i18n.ts';
import type { ContentDeps, Editor } from './commit-edit.ts';
import { parseCampaignText, parseNewPetition, parseSources, parsePetitionText, parseSettings, type FieldErrorKey } from './content-forms.schema.ts';
import { campaignTexts, findCampaignRow, findPetitionRow, listCampaigns, listPetitions, petitionTexts, textLanguages, type PetitionRow } from './content.repo.ts';
import { changeSettings, changeStatus, createPetition } from './manage-petition.ts';
import { campaignTextValues, formView, petitionTextValues, postedCampaignValues, postedPetitionValues, presentPetitionOverview, presentTextRow, previewHtml } from './present-content.ts';
import { modelText, saveCampaignText } from './save-campaign-text.ts';
import { savePetitionText } from './save-petition-text.ts';

const doneQuery = z.object({ done: z.enum(['saved', 'created', 'settings', 'closed', 'opened', 'unchanged']).optional().catch(undefined) });
const str = (fields: Record<string, unknown>, name: string, max = 1000) => (typeof fields[name] === 'string' ? (fields[name] as string).slice(0, max) : '');
const langOf = (req: Request): Lang => String(req.params.lang) as Lang; // checked by web/params.ts
const slugOf = (req: Request): string => String(req.params.slug);

export function contentAdmin(deps: ContentDeps & { readonly i18n: i18n }): Router {
  adminNav.add({ href: '/admin/content', labelKey: 'content.admin.nav', roles: ['organiser', 'admin'], order: 10 });
  const router = createRouter();
  const organisers = requireRole('organiser', 'admin');
  const editor = (res: Response): Editor => ({ actor: adminActor(res), now: deps.clock.now() });
  // The source links as the public page in the text's language has them (its labels in that language).
  const refsFor = (lang: Lang, known: (n: number) => boolean) => {
    const t = translatorFor(deps.i18n, lang);
    return { base: `/${lang}/`, label: (n: number) => t('campaign.sourceRef', { n }), known };
  };

  async function renderIndex(req: Request, res: Response, status: number, form = formView(res.locals.t, { slug: '', goal: '', milestones: '' })) {
    const [petitions, campaigns, petitionLangs, campaignLangs] = await Promise.all([listPetitions(deps.db), listCampaigns(deps.db), textLanguages(deps.db, 'petition'), textLanguages(deps.db, 'campaign')]);
    res.status(status).render('content/index', {
      petitions: petitions.map((p) => presentTextRow('petitions', p, petitionLangs, res.locals.lang)),
      campaigns: campaigns.map((c) => presentTextRow('campaigns', c, campaignLangs, res.locals.lang)),
      form,
      done: parseQuery(req, doneQuery).done,
    });
  }

  router.get('/content', organisers, (req, res) => renderIndex(req, res, 200));

  router.post('/content/petitions', organisers, async (req, res) => {
    const fields = formBody(req);
    const values = { slug: str(fields, 'slug', 100), goal: str(fields, 'goal', 40), milestones: str(fields, 'milestones') };
    const parsed = parseNewPetition(fields);
    if (!parsed.ok) return renderIndex(req, res, 422, formView(res.locals.t, values, parsed.errors));
    if ((await createPetition(deps, editor(res), parsed.value)) === 'taken') return renderIndex(req, res, 422, formView(res.locals.t, values, [{ field: 'slug', key: 'content.errors.slugTaken' }]));
    seeOther(res, `/admin/content/petitions/${parsed.value.slug}?done=created`);
  });

  async function petitionOr404(req: Request, res: Response): Promise<PetitionRow | undefined> {
    const petition = await findPetitionRow(deps.db, slugOf(req));
    if (!petition) renderAdminError(res, 404, 'admin.errors.notFound');
    return petition;
  }

  async function renderPetition(req: Request, res: Response, petition: PetitionRow, status: number, errors: FieldErrorKey[] = [], posted?: { goal: string; milestones: string }) {
    const row = presentTextRow('petitions', petition, await textLanguages(deps.db, 'petition'), res.locals.lang);
    const values = posted ?? { goal: String(petition.goal), milestones: petition.milestones.join(', ') };
    res.status(status).render('content/petition', { petition: presentPetitionOverview(petition, row, res.locals.lang), settings: formView(res.locals.t, values, errors), done: parseQuery(req, doneQuery).done });
  }

  router.get('/content/petitions/:slug', organisers, async (req, res) => {
    const petition = await petitionOr404(req, res);
    if (petition) await renderPetition(req, res, petition, 200);
  });

  router.post('/content/petitions/:slug/settings', organisers, async (req, res) => {
    const petition = await petitionOr404(req, res);
    if (!petition) return;
    const fields = formBody(req);
    const parsed = parseSettings(fields);
    if (!parsed.ok) return renderPetition(req, res, petition, 422, parsed.errors, { goal: str(fields, 'goal', 40), milestones: str(fields, 'milestones') });
    const result = await changeSettings(deps, editor(res), petition.slug, parsed.value);
    seeOther(res, `/admin/content/petitions/${petition.slug}?done=${result === 'saved' ? 'settings' : 'unchanged'}`);
  });

  router.post('/content/petitions/:slug/status', organisers, async (req, res) => {
    const petition = await petitionOr404(req, res);
    if (!petition) return;
    const wanted = str(formBody(req), 'status', 10);
    if (wanted !== 'open' && wanted !== 'closed') return renderPetition(req, res, petition, 422, [{ field: 'status', key: 'content.errors.status' }]);
    const result = await changeStatus(deps, editor(res), petition.slug, wanted);
    seeOther(res, `/admin/content/petitions/${petition.slug}?done=${result === 'saved' ? wanted === 'closed' ? 'closed' : 'opened' : 'unchanged'}`);
  });

  // A petition's text in one language ------------------------------------------------------------
  router.get('/content/petitions/:slug/texts/:lang', organisers, async (req, res) => {
    const petition = await petitionOr404(req, res);
    if (!petition) return;
    const lang = langOf(req);
    const text = (await petitionTexts(deps.db, petition.id)).find((x) => x.lang === lang);
    res.render('content/petition-text', { slug: petition.slug, textLang: lang, langName: LANG_NAMES[lang], exists: Boolean(text), form: formView(res.locals.t, petitionTextValues(text)), preview: undefined, done: parseQuery(req, doneQuery).done });
  });

  router.post('/content/petitions/:slug/texts/:lang', organisers, async (req, res) => {
    const petition = await petitionOr404(req, res);
    if (!petition) return;
    const lang = langOf(req);
    const fields = formBody(req);
    const values = postedPetitionValues(fields);
    const exists = (await petitionTexts(deps.db, petition.id)).some((x) => x.lang === lang);
    const again = (status: number, errors: FieldErrorKey[], preview?: string) =>
      res.status(status).render('content/petition-text', { slug: petition.slug, textLang: lang, langName: LANG_NAMES[lang], exists, form: formView(res.locals.t, values, errors), preview, done: undefined });
    const parsed = parsePetitionText(fields);
    if (fields.action === 'preview') return again(200, parsed.ok ? [] : parsed.errors, previewHtml(values.body, refsFor(lang, (n) => n >= 1 && n <= 20)));
    if (!parsed.ok) return again(422, parsed.errors);
    await savePetitionText(deps, editor(res), { slug: petition.slug, lang, text: parsed.value });
    seeOther(res, `/admin/content/petitions/${petition.slug}/texts/${lang}?done=saved`);
  });

  // A campaign's text in one language ------------------------------------------------------------
  async function campaignForm(req: Request, res: Response) {
    const campaign = await findCampaignRow(deps.db, slugOf(req));
    if (!campaign) return void renderAdminError(res, 404, 'admin.errors.notFound');
    const lang = langOf(req);
    const texts = await campaignTexts(deps.db, campaign.id);
    const text = texts.find((x) => x.lang === lang);
    const model = modelText(texts, lang);
    return { campaign, lang, text, model, sectionIds: (text ?? model)?.sections.map((s) => s.id) ?? [] };
  }

  router.get('/content/campaigns/:slug/texts/:lang', organisers, async (req, res) => {
    const found = await campaignForm(req, res);
    if (!found) return;
    const { campaign, lang, text, model } = found;
    res.render('content/campaign-text', { slug: campaign.slug, textLang: lang, langName: LANG_NAMES[lang], exists: Boolean(text), form: formView(res.locals.t, campaignTextValues(text, model)), preview: undefined, done: parseQuery(req, doneQuery).done });
  });

  router.post('/content/campaigns/:slug/texts/:lang', organisers, async (req, res) => {
    const found = await campaignForm(req, res);
    if (!found) return;
    const { campaign, lang, text, model, sectionIds } = found;
    const fields = formBody(req);
    const values = postedCampaignValues(fields, sectionIds);
    const known = new Set((parseSources(values.sources) ?? model?.sources ?? []).map((s) => s.n));
    const again = (status: number, errors: FieldErrorKey[], preview?: Record<string, string>) =>
      res.status(status).render('content/campaign-text', { slug: campaign.slug, textLang: lang, langName: LANG_NAMES[lang], exists: Boolean(text), form: formView(res.locals.t, values, errors), preview, done: undefined });
    const parsed = parseCampaignText(fields, sectionIds);
    if (fields.action === 'preview') {
      const refs = { ...refsFor(lang, (n: number) => known.has(n)), base: '' }; // the sources are on the same page
      return again(200, parsed.ok ? [] : parsed.errors, Object.fromEntries(values.sections.map((s) => [s.id, previewHtml(s.body, refs)])));
    }
    if (!parsed.ok) return again(422, parsed.errors);
    await saveCampaignText(deps, editor(res), { slug: campaign.slug, lang, text: parsed.value });
    seeOther(res, `/admin/content/campaigns/${campaign.slug}/texts/${lang}?done=saved`);
  });

  return router;
}
