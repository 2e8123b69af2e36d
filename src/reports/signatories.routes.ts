// The signatories export (admins and organisers): GET /admin/petitions/{slug}/signatories shows the form
// (country, period, and a fresh TOTP code for an account that has TOTP); POST downloads the CSV, streamed.
import type { Request, Response, Router } from 'express';
import { adminActor, currentAdmin, renderAdminError } from '../admin/index.ts';
import { countryOptions } from '../i18n/countries.ts';
import type { PetitionSummary } from '../petitions/index.ts';
import { exportSignatories } from './export-signatories.ts';
import { findSummary, organisers, type ReportWebDeps } from './report.routes.ts';
import { ExportForm, parseExportFilter, type FieldErrors } from './report.schema.ts';

const COLUMNS = 'reports.admin.export.columns';
const CODE_ERRORS = { wrong: 'reports.admin.export.errors.code', reused: 'reports.admin.export.errors.reused', throttled: 'reports.admin.export.errors.throttled' } as const;

function renderExportPage(res: Response, status: number, petition: PetitionSummary, values: Record<string, string>, errors: FieldErrors): void {
  const t = res.locals.t;
  res.status(status).render('reports/signatories', {
    petition,
    values: { country: values.country ?? '', from: values.from ?? '', to: values.to ?? '' },
    countries: countryOptions(res.locals.lang),
    needsCode: currentAdmin(res).hasTotp,
    errors: Object.entries(errors).map(([field, key]) => ({ field, message: t(key) })),
  });
}

/** e.g. signatories-zhanaozen-list-2026-12-01.csv (the slug is [a-z0-9-] already). */
const fileName = (slug: string, now: Date) => `signatories-${slug}-${now.toISOString().slice(0, 10)}.csv`;

async function download(deps: ReportWebDeps, req: Request, res: Response): Promise<void> {
  const slug = String(req.params.slug);
  const body = ExportForm.safeParse(req.body ?? {});
  const parsed = parseExportFilter(body.success ? body.data : {});
  const petition = await findSummary(deps, res, slug);
  if (!petition) return renderAdminError(res, 404, 'reports.admin.errors.notFound');
  if (!parsed.ok) return renderExportPage(res, 422, petition, parsed.raw, parsed.errors);
  const t = res.locals.t;
  const headers = (['name', 'country', 'confirmed', 'language', 'email'] as const).map((c) => t(`${COLUMNS}.${c}`));
  const admin = currentAdmin(res);
  try {
    const result = await exportSignatories(deps, { slug, filter: parsed.value, userId: admin.id, actor: adminActor(res), code: body.success ? body.data.code : undefined, headers }, () => {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${fileName(slug, deps.clock.now())}"`);
      res.setHeader('Cache-Control', 'private, no-store');
      return res;
    });
    if (result.kind === 'not-found') return renderAdminError(res, 404, 'reports.admin.errors.notFound');
    if (result.kind === 'code') return renderExportPage(res, 422, petition, parsed.raw, { code: CODE_ERRORS[result.error] });
  } catch (error) {
    if (!res.headersSent) throw error;
    deps.logger.warn({ err: error, slug }, 'signatories export cut short');
    res.destroy();
  }
}

export function addSignatoriesRoutes(router: Router, deps: ReportWebDeps): void {
  router.get('/petitions/:slug/signatories', organisers, async (req, res) => {
    const petition = await findSummary(deps, res, String(req.params.slug));
    if (!petition) return renderAdminError(res, 404, 'reports.admin.errors.notFound');
    renderExportPage(res, 200, petition, {}, {});
  });
  router.post('/petitions/:slug/signatories', organisers, (req, res) => download(deps, req, res));
}
