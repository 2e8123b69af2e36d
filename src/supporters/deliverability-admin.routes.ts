// The organisers' deliverability page (organisers and admins): per day, signatures created, confirmation
// emails sent and refused, signatures confirmed; the suppression list (hashes, reasons, dates, never an
// address) and lifting a suppression by typing the address.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { adminActor, requireRole } from '../admin/index.ts';
import { listSuppressions } from '../mail/suppression.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import { figuresByDay } from './deliverability.repo.ts';
import { liftAddress, shortHash } from './lift-suppression.ts';
import type { SupporterDeps } from './supporter-deps.ts';

const DAYS = 30;
const SHOWN_SUPPRESSIONS = 200;
const DAY_MS = 24 * 3600 * 1000;
const pageQuery = z.object({ done: z.enum(['lifted', 'not-suppressed']).optional() });
const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

export function addDeliverabilityAdminRoutes(router: Router, deps: SupporterDeps): void {
  const organisers = requireRole('organiser', 'admin');

  async function render(res: Response, options: { status?: number; email?: string; error?: string; done?: string } = {}) {
    const now = deps.clock.now();
    const [days, suppressions] = await Promise.all([figuresByDay(deps.db, new Date(now.getTime() - (DAYS - 1) * DAY_MS), now), listSuppressions(deps.db, SHOWN_SUPPRESSIONS)]);
    const { formatNumber } = res.locals;
    const formatDateTime = res.locals.formatDateTime ?? ((d: Date) => d.toISOString());
    res.status(options.status ?? 200).render('supporters/admin/deliverability', {
      days: days.map((d) => ({ day: d.day, created: formatNumber(d.created), sent: formatNumber(d.sent), refused: formatNumber(d.refused), confirmed: formatNumber(d.confirmed) })),
      suppressions: suppressions.rows.map((s) => ({ hash: shortHash(s.emailHash), reason: s.reason, code: s.smtpCode ?? '', since: formatDateTime(s.createdAt) })),
      suppressionTotal: formatNumber(suppressions.total),
      email: options.email ?? '',
      error: options.error ?? '',
      done: options.done,
    });
  }

  router.get('/deliverability', organisers, async (req, res) => {
    await render(res, { done: parseQuery(req, pageQuery).done });
  });

  router.post('/deliverability/lift', organisers, async (req, res) => {
    const email = typeof body(req).email === 'string' ? (body(req).email as string) : '';
    const result = await liftAddress(deps, { email, actor: adminActor(res) });
    if (result.kind === 'invalid') return void (await render(res, { status: 422, email, error: res.locals.t('supporters.deliverability.lift.invalid') }));
    seeOther(res, `/admin/deliverability?done=${result.kind}`);
  });

}
