// The moderators' pages under /admin (admins and moderators): the petitions to moderate, a petition's
// newest signatures and largest IP-hash groups with the bulk form, and one signature's page with its
// actions (invalidate or restore, hide the public name), each with a required reason.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { adminActor, renderAdminError, requireRole } from '../admin/index.ts';
import { findPetitionHeading, listPetitionSummaries, type PetitionHeading } from '../petitions/index.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import { hidePublicName, invalidateSignature, restoreSignature, type SignatureAction, type ActionResult } from './moderate-signature.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import { findSignature, IP_GROUP_WINDOW, largestIpGroups, listSignatures } from './moderation.repo.ts';
import { bulkValues, parseReason, reasonValue, type BulkValues, type FieldError } from './moderation.schema.ts';
import { doneMessage, errorViews, presentBulkForm, presentSignature } from './present-moderation.ts';
import { shortHash } from './selector.ts';

const PAGE_SIZE = 50;
const IP_GROUPS = 20;

export const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

const listQuery = z.object({
  before: z.string().regex(/^[1-9][0-9]{0,17}$/).optional(),
  by: z.enum(['domain', 'ip']).optional(),
  value: z.string().max(253).optional(),
  done: z.enum(['invalidated', 'restored', 'hidden', 'unchanged', 'bulkInvalidated', 'bulkRestored']).optional(),
  count: z.coerce.number().int().min(0).max(100_000_000).optional(),
});

/** The petition of the URL, or the admin 404 page (and undefined). */
export async function petitionOr404(deps: ModerationDeps, req: Request, res: Response): Promise<PetitionHeading | undefined> {
  const petition = await findPetitionHeading(deps.db, String(req.params.slug), res.locals.lang);
  if (!petition) renderAdminError(res, 404, 'moderation.errors.notFound');
  return petition;
}

/** The petition's moderation page, with the bulk form as given (and its errors: then 422). */
export async function renderModeration(deps: ModerationDeps, res: Response, petition: PetitionHeading, options: { values: BulkValues; errors?: FieldError[]; before?: string; notice?: string | null }): Promise<void> {
  const [rows, groups] = await Promise.all([listSignatures(deps.db, petition.id, PAGE_SIZE, options.before ?? null), largestIpGroups(deps.db, petition.id, IP_GROUPS)]);
  const signatures = rows.map((row) => presentSignature(res, deps.secrets.encryptionKey, petition.slug, row));
  const last = rows.length === PAGE_SIZE ? rows[rows.length - 1] : undefined;
  res.status(options.errors?.length ? 422 : 200).render('moderation/petition', {
    petition,
    signatures,
    nextHref: last ? `/admin/petitions/${petition.slug}/moderation?before=${last.id}` : null,
    ipGroups: groups.map((g) => ({ hash: shortHash(g.ipHash), signatures: g.signatures, valid: g.valid, href: `/admin/petitions/${petition.slug}/moderation?by=ip&value=${shortHash(g.ipHash)}#bulk` })),
    ipWindow: IP_GROUP_WINDOW,
    bulk: presentBulkForm(res, options.values, options.errors),
    notice: options.notice ?? null,
  });
}

async function renderSignature(deps: ModerationDeps, res: Response, petition: PetitionHeading, id: string, form: { reason: string; errors: FieldError[]; action?: string }): Promise<void> {
  const row = await findSignature(deps.db, petition.id, id);
  if (!row) return renderAdminError(res, 404, 'moderation.errors.signatureNotFound');
  const errors = errorViews(res, form.errors);
  res.status(errors.length ? 422 : 200).render('moderation/signature', { petition, signature: presentSignature(res, deps.secrets.encryptionKey, petition.slug, row), reason: form.reason, errors, errorAction: form.action ?? null });
}

type SignatureUseCase = (deps: ModerationDeps, input: SignatureAction) => Promise<ActionResult>;

export function addModerationRoutes(router: Router, deps: ModerationDeps): void {
  const moderators = requireRole('admin', 'moderator');

  router.get('/moderation', moderators, async (_req, res) => {
    res.render('moderation/index', { petitions: await listPetitionSummaries(deps.db, res.locals.lang) });
  });

  router.get('/petitions/:slug/moderation', moderators, async (req, res) => {
    const query = parseQuery(req, listQuery);
    const petition = await petitionOr404(deps, req, res);
    if (!petition) return;
    const values = { ...bulkValues({}), by: query.by ?? 'domain', value: query.value ?? '' };
    await renderModeration(deps, res, petition, { values, before: query.before, notice: doneMessage(res, query.done, query.count) });
  });

  router.get('/petitions/:slug/signatures/:id', moderators, async (req, res) => {
    const petition = await petitionOr404(deps, req, res);
    if (petition) await renderSignature(deps, res, petition, String(req.params.id), { reason: '', errors: [] });
  });

  const actions: [path: string, useCase: SignatureUseCase, done: string][] = [
    ['invalidate', invalidateSignature, 'invalidated'],
    ['restore', restoreSignature, 'restored'],
    ['hide', hidePublicName, 'hidden'],
  ];
  for (const [path, useCase, done] of actions) {
    router.post(`/petitions/:slug/signatures/:id/${path}`, moderators, async (req, res) => {
      const petition = await petitionOr404(deps, req, res);
      if (!petition) return;
      const id = String(req.params.id);
      const reason = parseReason(reasonValue(body(req)));
      const field = path === 'hide' ? 'hide-reason' : 'reason'; // the two forms' reason fields
      if (!reason.ok) return renderSignature(deps, res, petition, id, { reason: reasonValue(body(req)), errors: reason.errors.map((e) => ({ ...e, field })), action: path });
      const result = await useCase(deps, { actor: adminActor(res), petitionId: petition.id, signatureId: id, reason: reason.value });
      if (result.kind === 'not-found') return renderAdminError(res, 404, 'moderation.errors.signatureNotFound');
      seeOther(res, `/admin/petitions/${petition.slug}/moderation?done=${result.kind === 'changed' ? done : 'unchanged'}`);
    });
  }
}
