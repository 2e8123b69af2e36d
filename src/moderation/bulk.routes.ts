// Bulk moderation under /admin (admins and moderators): the filled-in form first shows how many
// signatures the action would change (preview, changes nothing), then the confirmed form applies it.
import type { Router } from 'express';
import { adminActor, requireRole } from '../admin/index.ts';
import { seeOther } from '../web/see-other.ts';
import { applyBulk, previewBulk } from './bulk-moderation.ts';
import type { ModerationDeps } from './moderation-deps.ts';
import { body, petitionOr404, renderModeration } from './moderation.routes.ts';
import { bulkValues, parseBulk } from './moderation.schema.ts';

export function addBulkRoutes(router: Router, deps: ModerationDeps): void {
  const moderators = requireRole('admin', 'moderator');

  router.post('/petitions/:slug/moderation/preview', moderators, async (req, res) => {
    const petition = await petitionOr404(deps, req, res);
    if (!petition) return;
    const values = bulkValues(body(req));
    const parsed = parseBulk(values);
    if (!parsed.ok) return renderModeration(deps, res, petition, { values, errors: parsed.errors });
    const count = await previewBulk(deps, petition.id, parsed.value);
    res.render('moderation/preview', { petition, form: parsed.value, count });
  });

  router.post('/petitions/:slug/moderation/apply', moderators, async (req, res) => {
    const petition = await petitionOr404(deps, req, res);
    if (!petition) return;
    const values = bulkValues(body(req));
    const parsed = parseBulk(values);
    if (!parsed.ok) return renderModeration(deps, res, petition, { values, errors: parsed.errors });
    const count = await applyBulk(deps, { actor: adminActor(res), petitionId: petition.id, form: parsed.value });
    seeOther(res, `/admin/petitions/${petition.slug}/moderation?done=${parsed.value.action === 'invalidate' ? 'bulkInvalidated' : 'bulkRestored'}&count=${count}`);
  });
}
