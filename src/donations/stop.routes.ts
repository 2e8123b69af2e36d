// GET /{lang}/donate/stop/{token}: the stop link of a monthly donor's thank-you email shows a button
// (link scanners fetch GETs, so nothing changes on GET); POST stops the monthly donation, then 303 back.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { noStore } from '../web/cache-control.ts';
import { parseQuery } from '../web/query.ts';
import { seeOther } from '../web/see-other.ts';
import type { DonationDeps } from './donation-deps.ts';
import { formatMoney } from './money.ts';
import { findStoppable, stopMonthly } from './stop-monthly.ts';

const stopQuery = z.object({ done: z.literal('1').optional() });

export function addStopPages(router: Router, deps: DonationDeps): void {
  async function show(req: Request, res: Response, options: { status: number; failed: boolean; done: boolean }): Promise<void> {
    const token = String(req.params.token);
    const found = await findStoppable(deps, token);
    if (found.kind === 'invalid') return void res.status(404).render('donations/stop', { state: 'invalid', token, amount: '', failed: false });
    const { currency, amountMinor } = found.subscription;
    const amount = currency && amountMinor !== null ? formatMoney(res.locals.lang, currency, amountMinor) : '';
    const state = found.kind === 'active' ? 'active' : options.done ? 'stopped' : 'already';
    res.status(options.status).render('donations/stop', { state, token, amount, failed: options.failed });
  }

  router.get('/donate/stop/:token', async (req, res) => {
    const query = parseQuery(req, stopQuery);
    noStore(res); // one donor's link
    await show(req, res, { status: 200, failed: false, done: query.done === '1' });
  });

  router.post('/donate/stop/:token', async (req, res) => {
    noStore(res);
    const token = String(req.params.token);
    const result = await stopMonthly(deps, { token, lang: res.locals.lang });
    if (result === 'failed') return show(req, res, { status: 503, failed: true, done: false });
    if (result === 'invalid') return show(req, res, { status: 404, failed: false, done: false });
    seeOther(res, `/${res.locals.lang}/donate/stop/${token}?done=1`);
  });
}
