// The Stripe client, from the configuration: the official `stripe` package with its API version pinned
// here (the version the package's types describe, so a Stripe account on another default version sends
// and receives the shapes this code reads). STRIPE_API_BASE sends every request to another address
// (stripe-mock, the tests' double). Donations are on only when both the secret key and the webhook
// secret are set: taking money without being told of it would count nothing.
import type Stripe from 'stripe';
import { lazyRequire } from '../lib/lazy-module.ts';

/** The stripe package (about 20 MB resident) is required only when donations are configured. */
const StripeClient = lazyRequire<typeof Stripe>('stripe');
import type { Config } from '../config.ts';

export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

/** Where Checkout pages live: the donate form's CSP must let the browser follow the 303 there. */
export const STRIPE_CHECKOUT_ORIGIN = 'https://checkout.stripe.com';

/** Signatures older than this are refused (Stripe's own default: 5 minutes). */
export const WEBHOOK_TOLERANCE_S = 300;

export type StripeOffReason = 'no-secret-key' | 'no-webhook-secret';

export type StripeSetup =
  | { readonly on: true; readonly client: Stripe; readonly webhookSecret: string; readonly checkoutOrigins: readonly string[] }
  | { readonly on: false; readonly reason: StripeOffReason };

interface ApiAddress {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
}

/** STRIPE_API_BASE (already a URL, checked by config.ts) → the client's host, port and protocol. */
export function parseApiBase(apiBase: string): ApiAddress {
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

export function stripeSetup(stripe: Config['stripe']): StripeSetup {
  if (!stripe.secretKey) return { on: false, reason: 'no-secret-key' };
  if (!stripe.webhookSecret) return { on: false, reason: 'no-webhook-secret' };
  const address = stripe.apiBase ? parseApiBase(stripe.apiBase) : undefined;
  const client = new (StripeClient())(stripe.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    // Retries reuse the request's idempotency key, so a retried session creation makes one session.
    maxNetworkRetries: 2,
    timeout: 15_000, // a visitor is waiting for the Checkout page
    telemetry: false, // no latency reports about our requests
    ...(address ?? {}),
  });
  const checkoutOrigins = [STRIPE_CHECKOUT_ORIGIN, ...(stripe.apiBase ? [new URL(stripe.apiBase).origin] : [])];
  return { on: true, client, webhookSecret: stripe.webhookSecret, checkoutOrigins };
}
