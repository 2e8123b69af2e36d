// The reports pages (admins and organisers): GET /admin/reports (every petition, with its downloads),
// GET /admin/petitions/{slug}/report (choose the language and period) and
// GET /admin/petitions/{slug}/report.{csv,json,pdf}?lang=&from=&to=&include=ledger (the report itself).
import type { Request, Response, Router } from 'express';
import type { AppDeps } from '../container.ts';
import { adminActor, renderAdminError, requireRole } from '../admin/index.ts';
import { LANG_NAMES, LANGS } from '../i18n/languages.ts';
import { listPetitionSummaries, type PetitionSummary } from '../petitions/index.ts';
import { parseQuery } from '../web/query.ts';
import { buildHearingReport, REPORT_FORMATS, type ReportFormat } from './build-report.ts';
import { reportWords } from './present-report.ts';
import { CONTENT_TYPES, reportFileName, writeReport } from './report-output.ts';
import { parseReportOptions, ReportQuery, type FieldErrors } from './report.schema.ts';

export type ReportWebDeps = Pick<AppDeps, 'db' | 'bulkDb' | 'secrets' | 'clock' | 'i18n' | 'logger'>;

export const organisers = requireRole('admin', 'organiser');

export async function findSummary(deps: ReportWebDeps, res: Response, slug: string): Promise<PetitionSummary | undefined> {
  return (await listPetitionSummaries(deps.db, res.locals.lang)).find((p) => p.slug === slug);
}

function renderReportPage(res: Response, status: number, petition: PetitionSummary, values: Record<string, string>, errors: FieldErrors): void {
  const t = res.locals.t;
  res.status(status).render('reports/report', {
    petition,
    values: { lang: values.lang || res.locals.lang, from: values.from ?? '', to: values.to ?? '', include: values.include ?? '' },
    languages: LANGS.map((lang) => ({ lang, name: LANG_NAMES[lang] })),
    errors: Object.entries(errors).map(([field, key]) => ({ field, message: t(key) })),
    cli: `npm run cli -- report --petition ${petition.slug} --format pdf --lang ${values.lang || res.locals.lang} --out report.pdf`,
  });
}

/** Streams the report; a failure after the first byte can only cut the download short. */
async function sendReport(deps: ReportWebDeps, req: Request, res: Response, format: ReportFormat): Promise<void> {
  const slug = String(req.params.slug);
  const parsed = parseReportOptions(parseQuery(req, ReportQuery), res.locals.lang);
  if (!parsed.ok) {
    const petition = await findSummary(deps, res, slug);
    if (!petition) return renderAdminError(res, 404, 'reports.admin.errors.notFound');
    return renderReportPage(res, 422, petition, parsed.raw, parsed.errors);
  }
  const { lang, period, includeLedger } = parsed.value;
  const report = await buildHearingReport(deps, { slug, lang, period, format, includeLedger, actor: adminActor(res) });
  if (!report) return renderAdminError(res, 404, 'reports.admin.errors.notFound');
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${reportFileName(report, format)}"`);
  try {
    await writeReport(report, reportWords(deps.i18n, report), format, res, { includeLedger });
  } catch (error) {
    if (!res.headersSent) throw error;
    deps.logger.warn({ err: error, slug, format }, 'hearing report download cut short');
    res.destroy();
  }
}

export function addReportRoutes(router: Router, deps: ReportWebDeps): void {
  router.get('/reports', organisers, async (_req, res) => {
    res.render('reports/index', { petitions: await listPetitionSummaries(deps.db, res.locals.lang) });
  });

  router.get('/petitions/:slug/report', organisers, async (req, res) => {
    const petition = await findSummary(deps, res, String(req.params.slug));
    if (!petition) return renderAdminError(res, 404, 'reports.admin.errors.notFound');
    renderReportPage(res, 200, petition, {}, {});
  });

  router.get('/petitions/:slug/report.:format', organisers, async (req, res) => {
    const format = String(req.params.format);
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) return renderAdminError(res, 404, 'reports.admin.errors.notFound');
    await sendReport(deps, req, res, format as ReportFormat);
  });
}
