// POST /webhooks/stripe: mounted before every body parser (the capability's `raw` router), so the
// signature is checked over the exact bytes Stripe signed. A bad or old signature (over 5 minutes)
// answers 400 and records nothing; a verified event is recorded once and answered 200 in a few
// milliseconds. Without Stripe configured the endpoint does not exist (404).
import express, { type Router } from 'express';
import { AppError, notFound } from '../web/app-error.ts';
import { createRouter } from '../web/params.ts';
import type { DonationDeps } from './donation-deps.ts';
import { envelopeSchema } from './event-shapes.ts';
import { recordStripeEvent } from './record-stripe-event.ts';
import { WEBHOOK_TOLERANCE_S } from './stripe-client.ts';

const badSignature = (): AppError => new AppError(400, 'errors.badRequest.message');

export function webhookRoutes(deps: DonationDeps): Router {
  const router = createRouter();
  const raw = express.raw({ type: 'application/json', limit: '1mb' });
  router.post('/webhooks/stripe', (req, res, next) => (deps.stripe.on ? raw(req, res, next) : next(notFound())), async (req, res) => {
    const stripe = deps.stripe;
    if (!stripe.on) throw notFound();
    const signature = req.get('stripe-signature');
    if (!Buffer.isBuffer(req.body) || req.body.length === 0 || !signature) throw badSignature();
    let verified: unknown;
    try {
      verified = stripe.client.webhooks.constructEvent(req.body, signature, stripe.webhookSecret, WEBHOOK_TOLERANCE_S);
    } catch {
      throw badSignature(); // the reason stays here: nothing of the request is logged
    }
    const event = envelopeSchema.safeParse(verified);
    if (!event.success) throw new AppError(400, 'errors.badRequest.message');
    const result = await recordStripeEvent(deps, event.data);
    res.status(200).json({ received: true, result });
  });
  return router;
}
