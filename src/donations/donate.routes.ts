// The donate pages on the /{lang} router: the form (GET, the same for everyone: cacheable), its POST
// (zod → startCheckout → 303 to Stripe Checkout, or 422 with the values kept), the page Stripe sends the
// donor back to (its status comes from the webhook only) and the page for a cancelled checkout.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { setPagePath } from '../i18n/language-locals.ts';
import { ttlCache } from '../lib/ttl-cache.ts';
import { noStore, publicCache } from '../web/cache-control.ts';
import { parseQuery } from '../web/query.ts';
import { renderToString } from '../web/render-to-string.ts';
import { CURRENCIES, FREQUENCIES, isCurrency, SUGGESTED_CURRENCY, type Currency, type Frequency } from './amounts.ts';
import { donateValues, parseDonateForm } from './donate.schema.ts';
import type { DonationDeps } from './donation-deps.ts';
import type { DonationsSite } from './donations-site.ts';
import { loadDonationStatus } from './load-status.ts';
import { formatMoney } from './money.ts';
import { presentAmount, presentDonateForm, type DonateFormView } from './present-donate.ts';
import { startCheckout } from './start-checkout.ts';

const pageQuery = z.object({ currency: z.enum(CURRENCIES).optional(), frequency: z.enum(FREQUENCIES).optional() });
// Stripe's Checkout Session ids: cs_test_… or cs_live_… (letters and digits).
const thanksQuery = z.object({ session_id: z.string().regex(/^cs_[A-Za-z0-9_]{8,250}$/).optional() });

const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

export function addDonatePages(router: Router, deps: DonationDeps, site: DonationsSite): void {
  const render = (res: Response, form: DonateFormView, notice?: string) => renderToString(res, 'donations/donate', { form, notice, goal: undefined });

  // The empty form is the same for everyone of a language, currency and frequency: rendered at most
  // once a second (the progress bar moves with the donations).
  const emptyForms = ttlCache(
    1000,
    async ({ res, currency, frequency }: { res: Response; currency: Currency; frequency: Frequency }) => {
      const progress = await site.progress(res.locals.lang);
      const form = presentDonateForm({ lang: res.locals.lang, t: res.locals.t, currency, frequency });
      return renderToString(res, 'donations/donate', { form, notice: undefined, goal: progress });
    },
    { keyOf: ({ res, currency, frequency }) => `${res.locals.lang}:${currency}:${frequency}` },
  );

  router.get('/donate', async (req, res) => {
    const query = parseQuery(req, pageQuery);
    publicCache(res);
    if (!deps.stripe.on) return void res.render('donations/unavailable');
    site.allowCheckout(res);
    const html = await emptyForms.get({ res, currency: query.currency ?? SUGGESTED_CURRENCY[res.locals.lang], frequency: query.frequency ?? 'once' });
    res.type('html').send(html);
  });

  router.post('/donate', async (req, res) => {
    noStore(res);
    setPagePath(res, '/donate');
    if (!deps.stripe.on) return void res.status(404).render('donations/unavailable');
    const fields = body(req);
    const values = donateValues(fields);
    const currency: Currency = isCurrency(values.currency.toUpperCase()) ? (values.currency.toUpperCase() as Currency) : SUGGESTED_CURRENCY[res.locals.lang];
    const again = (status: number, errors: Parameters<typeof presentDonateForm>[0]['errors'], notice?: string) => {
      site.allowCheckout(res);
      const form = presentDonateForm({ lang: res.locals.lang, t: res.locals.t, currency, frequency: 'once', values, errors });
      return render(res, form, notice).then((html) => void res.status(status).type('html').send(html));
    };
    const parsed = parseDonateForm(fields);
    if (!parsed.ok) return again(422, parsed.errors);
    const result = await startCheckout(deps, { lang: res.locals.lang, form: parsed.value, ip: req.ip });
    if (result.kind === 'redirect') return void res.status(303).setHeader('Location', result.url).setHeader('Content-Length', 0).end();
    if (result.kind === 'rate-limited') return again(429, [], res.locals.t('donations.errors.tooManyCheckouts'));
    if (result.kind === 'off') return void res.status(404).render('donations/unavailable');
    return again(503, [], res.locals.t('donations.errors.stripeDown'));
  });

  router.get('/donate/thanks', async (req, res) => {
    const query = parseQuery(req, thanksQuery);
    noStore(res); // about one donor's payment
    const status = query.session_id ? await loadDonationStatus(deps, query.session_id) : ({ state: 'unknown' } as const);
    const amount = status.state === 'unknown' ? '' : formatMoney(res.locals.lang, status.currency, status.amountMinor);
    const amountFull = status.state === 'unknown' ? '' : presentAmount(res.locals.lang, res.locals.t, status.currency, status.amountMinor, status.frequency);
    const again = status.state === 'unknown' ? '' : `/${res.locals.lang}/donate/thanks?session_id=${encodeURIComponent(query.session_id ?? '')}`;
    res.status(query.session_id && status.state === 'unknown' ? 404 : 200).render('donations/thanks', { status: status.state, monthly: status.state !== 'unknown' && status.frequency === 'monthly', amount, amountFull, again });
  });

  router.get('/donate/cancelled', (_req, res) => {
    publicCache(res);
    res.render('donations/cancelled', { available: deps.stripe.on });
  });
}
