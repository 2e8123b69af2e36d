// The organisers' letter pages under /admin/letters (organisers and admins): the dashboard (with the
// warning when a prisoners list has not been reviewed for 90 days), a campaign's settings, targets,
// texts per language, prisoners list and the MEPs' recorded positions. Every change is audit-logged.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { adminActor, adminNav, renderAdminError, requireRole } from '../../admin/index.ts';
import { isLang, type Lang } from '../../i18n/languages.ts';
import { bodyName, sittingMeps } from '../../meps/index.ts';
import { createRouter } from '../../web/params.ts';
import { parseQuery } from '../../web/query.ts';
import { seeOther } from '../../web/see-other.ts';
import { campaignPrisoners, campaignTargets, campaignTexts, findCampaign, listCampaigns, type LetterCampaign } from '../campaign.repo.ts';
import type { LetterDeps } from '../letter-deps.ts';
import { positionsOf, POSITIONS } from '../positions.repo.ts';
import { countsByMep } from '../letters.repo.ts';
import { parseNewCampaign, parsePosition, parsePrisoner, parseSettings, parseTargets, parseText, positionValues, prisonerValues, settingsValues, targetsValues as postedTargets, textValues } from './admin-forms.schema.ts';
import { createCampaign, deletePrisoner, markReviewed, recordPosition, removePosition, savePrisoner, saveSettings, saveTargets, saveText } from './manage-campaign.ts';
import { countryOptionsEu, formState, groupOptions, languages, presentDashboardRow, presentPrisoners, prisonerValuesOf, settingsOf, targetsValues, textValuesOf, type CampaignStats } from './present-admin.ts';

const DONE = new Set(['settings', 'targets', 'text', 'prisoner', 'deleted', 'reviewed', 'position', 'removed', 'created']);
const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
const idOf = (req: Request): number | undefined => (typeof req.params.id === 'string' && /^[1-9]\d{0,9}$/.test(req.params.id) && Number(req.params.id) <= 2_147_483_647 ? Number(req.params.id) : undefined);
const positionsQuery = z.object({ country: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Z]{2}$/).optional()), body: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Z][A-Z-]{1,7}$/).optional()) });

async function statsByCampaign(deps: LetterDeps): Promise<Map<number, CampaignStats>> {
  const rows = (await deps.db.raw(
    `select campaign_id, count(*) filter (where state = 'sent')::int as sent, count(*) filter (where state in ('confirmed','queued'))::int as scheduled,
            count(*) filter (where state = 'pending')::int as pending, count(distinct mep_id) filter (where state = 'sent')::int as meps
       from letters group by campaign_id`,
  )) as { rows: (CampaignStats & { campaign_id: number })[] };
  return new Map(rows.rows.map(({ campaign_id, ...s }) => [campaign_id, s]));
}

export function lettersAdmin(deps: LetterDeps): Router {
  adminNav.add({ href: '/admin/letters', labelKey: 'letters.admin.nav', roles: ['organiser', 'admin'], order: 20 });
  const router = createRouter();
  const organisers = requireRole('organiser', 'admin');
  const actorOf = (res: Response) => ({ db: deps.db, actor: adminActor(res), now: deps.clock.now() });
  const done = (req: Request) => (typeof req.query.done === 'string' && DONE.has(req.query.done) ? req.query.done : undefined);

  async function campaignOr404(req: Request, res: Response): Promise<LetterCampaign | undefined> {
    const campaign = await findCampaign(deps.db, String(req.params.slug));
    if (!campaign) renderAdminError(res, 404, 'admin.errors.notFound');
    return campaign;
  }

  async function renderDashboard(req: Request, res: Response, status: number, form = formState(res.locals.t, { slug: '' })) {
    const [campaigns, stats] = await Promise.all([listCampaigns(deps.db), statsByCampaign(deps)]);
    const rows = await Promise.all(campaigns.map(async (c) => presentDashboardRow(res.locals.lang, c, await campaignTexts(deps.db, c.id), await campaignPrisoners(deps.db, c.id), stats.get(c.id), deps.clock.now())));
    res.status(status).render('letters/admin/dashboard', { rows, form, done: done(req) });
  }

  router.get('/letters', organisers, (req, res) => renderDashboard(req, res, 200));
  router.post('/letters', organisers, async (req, res) => {
    const parsed = parseNewCampaign(body(req));
    if (!parsed.ok) return renderDashboard(req, res, 422, formState(res.locals.t, { slug: str(body(req).slug, 100) }, parsed.errors));
    const featured = (await listCampaigns(deps.db))[0];
    const result = await createCampaign(actorOf(res), { slug: parsed.value.slug, copyFrom: featured?.id });
    if (result === 'exists') return renderDashboard(req, res, 422, formState(res.locals.t, { slug: parsed.value.slug }, [{ field: 'slug', key: 'letters.admin.errors.slugTaken' }]));
    seeOther(res, `/admin/letters/${parsed.value.slug}?done=created`);
  });

  async function renderCampaign(req: Request, res: Response, campaign: LetterCampaign, status: number, forms: { settings?: ReturnType<typeof formState>; targets?: ReturnType<typeof formState> } = {}) {
    const t = res.locals.t;
    const [targets, prisoners, snapshot] = await Promise.all([campaignTargets(deps.db, campaign.id), campaignPrisoners(deps.db, campaign.id), deps.directory.snapshot()]);
    const row = presentDashboardRow(res.locals.lang, campaign, await campaignTexts(deps.db, campaign.id), prisoners, (await statsByCampaign(deps)).get(campaign.id), deps.clock.now());
    res.status(status).render('letters/admin/campaign', {
      campaign: row,
      settings: forms.settings ?? formState(t, settingsOf(campaign)),
      targets: forms.targets ?? formState(t, targetsValues(targets)),
      groups: groupOptions,
      prisoners: presentPrisoners(res.locals.lang, prisoners, campaign.slug),
      languages: languages(campaign.slug),
      bodyCount: snapshot.bodies.size,
      done: done(req),
    });
  }

  router.get('/letters/:slug', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (campaign) await renderCampaign(req, res, campaign, 200);
  });

  router.post('/letters/:slug/settings', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (!campaign) return;
    const parsed = parseSettings(body(req));
    if (!parsed.ok) return renderCampaign(req, res, campaign, 422, { settings: formState(res.locals.t, settingsValues(body(req)), parsed.errors) });
    await saveSettings(actorOf(res), campaign.id, campaign.slug, parsed.value);
    seeOther(res, `/admin/letters/${campaign.slug}?done=settings`);
  });

  router.post('/letters/:slug/targets', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (!campaign) return;
    const parsed = parseTargets(body(req));
    const snapshot = await deps.directory.snapshot();
    const unknownBody = parsed.ok && [...parsed.value.bodies, ...parsed.value.keyBodies].some((c) => !snapshot.bodies.has(c));
    const unknownMep = parsed.ok && parsed.value.meps.some((id) => !snapshot.byId.get(id)?.active);
    if (!parsed.ok || unknownBody || unknownMep) {
      const errors = parsed.ok ? [...(unknownBody ? [{ field: 'bodies', key: 'letters.admin.errors.codes' }] : []), ...(unknownMep ? [{ field: 'meps', key: 'letters.admin.errors.meps' }] : [])] : parsed.errors;
      return renderCampaign(req, res, campaign, 422, { targets: formState(res.locals.t, postedTargets(body(req)), errors) });
    }
    await saveTargets(actorOf(res), campaign.id, campaign.slug, parsed.value);
    seeOther(res, `/admin/letters/${campaign.slug}?done=targets`);
  });

  router.post('/letters/:slug/reviewed', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (!campaign) return;
    await markReviewed(actorOf(res), campaign.id, campaign.slug, str(body(req).reason, 1000));
    seeOther(res, `/admin/letters/${campaign.slug}?done=reviewed`);
  });

  // Texts per language --------------------------------------------------------------------------
  async function renderText(res: Response, campaign: LetterCampaign, lang: Lang, status: number, form?: ReturnType<typeof formState>) {
    const text = (await campaignTexts(deps.db, campaign.id)).find((x) => x.lang === lang);
    res.status(status).render('letters/admin/text', { slug: campaign.slug, textLang: lang, form: form ?? formState(res.locals.t, textValuesOf(text)), languages: languages(campaign.slug) });
  }
  router.get('/letters/:slug/texts/:lang', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (campaign) await renderText(res, campaign, req.params.lang as Lang, 200);
  });
  router.post('/letters/:slug/texts/:lang', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (!campaign) return;
    const lang = String(req.params.lang);
    if (!isLang(lang)) return renderAdminError(res, 404, 'admin.errors.notFound');
    const parsed = parseText(body(req));
    if (!parsed.ok) return renderText(res, campaign, lang, 422, formState(res.locals.t, textValues(body(req)), parsed.errors));
    await saveText(actorOf(res), campaign.id, campaign.slug, lang, parsed.value);
    seeOther(res, `/admin/letters/${campaign.slug}?done=text`);
  });

  // Prisoners -----------------------------------------------------------------------------------
  async function renderPrisoner(res: Response, campaign: LetterCampaign, id: number | undefined, status: number, form?: ReturnType<typeof formState>) {
    const prisoner = id === undefined ? undefined : (await campaignPrisoners(deps.db, campaign.id)).find((p) => p.id === id);
    if (id !== undefined && !prisoner) return renderAdminError(res, 404, 'admin.errors.notFound');
    res.status(status).render('letters/admin/prisoner', { slug: campaign.slug, id, form: form ?? formState(res.locals.t, prisonerValuesOf(prisoner)) });
  }
  router.get('/letters/:slug/prisoners/new', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (campaign) await renderPrisoner(res, campaign, undefined, 200);
  });
  router.get('/letters/:slug/prisoners/:id', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (campaign) await renderPrisoner(res, campaign, idOf(req) ?? -1, 200);
  });
  const savePrisonerRoute = async (req: Request, res: Response, id: number | undefined) => {
    const campaign = await campaignOr404(req, res);
    if (!campaign) return;
    const parsed = parsePrisoner(body(req));
    if (!parsed.ok) return renderPrisoner(res, campaign, id, 422, formState(res.locals.t, prisonerValues(body(req)), parsed.errors));
    const result = await savePrisoner(actorOf(res), campaign.id, campaign.slug, id, parsed.value);
    if (result === 'not-found') return renderAdminError(res, 404, 'admin.errors.notFound');
    if (result === 'ref-taken') return renderPrisoner(res, campaign, id, 422, formState(res.locals.t, prisonerValues(body(req)), [{ field: 'ref', key: 'letters.admin.errors.refTaken' }]));
    seeOther(res, `/admin/letters/${campaign.slug}?done=prisoner`);
  };
  router.post('/letters/:slug/prisoners', organisers, (req, res) => savePrisonerRoute(req, res, undefined));
  router.post('/letters/:slug/prisoners/:id', organisers, (req, res) => savePrisonerRoute(req, res, idOf(req) ?? -1));
  router.post('/letters/:slug/prisoners/:id/delete', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (!campaign) return;
    if (!(await deletePrisoner(actorOf(res), campaign.id, campaign.slug, idOf(req) ?? -1))) return renderAdminError(res, 404, 'admin.errors.notFound');
    seeOther(res, `/admin/letters/${campaign.slug}?done=deleted`);
  });

  // MEP positions -------------------------------------------------------------------------------
  router.get('/letters/:slug/positions', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (!campaign) return;
    const filter = parseQuery(req, positionsQuery);
    const [snapshot, positions, counts] = await Promise.all([deps.directory.snapshot(), positionsOf(deps.db, campaign.id), countsByMep(deps.db, campaign.id)]);
    const chosen = filter.country || filter.body ? filter : { body: 'DCAS' };
    const meps = sittingMeps(snapshot, chosen).map((m) => ({ id: m.id, name: m.fullName, group: m.group, country: m.country, position: positions.get(m.id), letters: counts.get(m.id)?.sent ?? 0, href: `/admin/letters/${campaign.slug}/positions/${m.id}` }));
    const bodies = [...snapshot.bodies.values()].map((b) => ({ code: b.code, name: `${bodyName(b, res.locals.lang).name} (${b.code})` }));
    res.render('letters/admin/positions', { slug: campaign.slug, meps, filter: { country: filter.country ?? '', body: filter.body ?? (filter.country ? '' : 'DCAS') }, countries: countryOptionsEu(res.locals.lang), bodies, recorded: positions.size, done: done(req) });
  });
  async function renderPosition(req: Request, res: Response, campaign: LetterCampaign, status: number, form?: ReturnType<typeof formState>) {
    const snapshot = await deps.directory.snapshot();
    const mep = snapshot.byId.get(idOf(req) ?? -1);
    if (!mep) return renderAdminError(res, 404, 'admin.errors.notFound');
    const current = (await positionsOf(deps.db, campaign.id)).get(mep.id);
    const values = current ? { position: current.position, sourceLabel: current.sourceLabel, sourceUrl: current.sourceUrl ?? '', statedOn: current.statedOn } : { position: '', sourceLabel: '', sourceUrl: '', statedOn: '' };
    res.status(status).render('letters/admin/position', { slug: campaign.slug, mep: { id: mep.id, name: mep.fullName, group: mep.group, country: mep.country, active: mep.active }, current, positions: POSITIONS, form: form ?? formState(res.locals.t, values) });
  }
  router.get('/letters/:slug/positions/:id', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (campaign) await renderPosition(req, res, campaign, 200);
  });
  router.post('/letters/:slug/positions/:id', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (!campaign) return;
    const mep = (await deps.directory.snapshot()).byId.get(idOf(req) ?? -1);
    if (!mep) return renderAdminError(res, 404, 'admin.errors.notFound');
    const parsed = parsePosition(body(req), deps.clock.now());
    if (!parsed.ok) return renderPosition(req, res, campaign, 422, formState(res.locals.t, positionValues(body(req)), parsed.errors));
    await recordPosition(actorOf(res), campaign.id, campaign.slug, mep.id, parsed.value);
    seeOther(res, `/admin/letters/${campaign.slug}/positions?done=position`);
  });
  router.post('/letters/:slug/positions/:id/delete', organisers, async (req, res) => {
    const campaign = await campaignOr404(req, res);
    if (!campaign) return;
    const id = idOf(req);
    if (id === undefined) return renderAdminError(res, 404, 'admin.errors.notFound');
    await removePosition(actorOf(res), campaign.id, campaign.slug, id);
    seeOther(res, `/admin/letters/${campaign.slug}/positions?done=removed`);
  });

  return router;
}
