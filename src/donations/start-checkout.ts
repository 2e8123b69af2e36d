// Use-case: a donate form was submitted. Stores the intent (its v4 UUID is the idempotency key), asks
// Stripe for a Checkout Session with that key, and returns the session's address for the 303.
//
// A double-click sends two POSTs: each is its own intent and its own session (two visitors behind one
// address must never share a session, and a public page carries no per-visitor token to tell them
// apart). The browser follows only the last answer; the other session is never paid and expires at
// Stripe after 24 hours, and a payment is counted by its own session id, so nothing is counted twice.
// The key makes the client's own retries (a lost answer, a timeout) return the same session.
import type { Lang } from '../i18n/languages.ts';
import { translatorFor } from '../i18n/i18n.ts';
import { hashIp } from '../web/ip-hash.ts';
import { checkoutParams } from './checkout-params.ts';
import type { DonateForm } from './donate.schema.ts';
import type { DonationDeps } from './donation-deps.ts';
import { insertIntent, setCheckoutSession } from './intents.repo.ts';

export interface CheckoutInput {
  readonly lang: Lang;
  readonly form: DonateForm;
  readonly ip: string | undefined;
}

export type CheckoutResult = { kind: 'redirect'; url: string } | { kind: 'off' } | { kind: 'rate-limited' } | { kind: 'stripe-failed' };

/** Only Stripe's own addresses (or the configured API base's, for a test double) are followed. */
function acceptableUrl(url: string | null, origins: readonly string[]): url is string {
  if (!url || /[^\x21-\x7e]/.test(url)) return false;
  try {
    return origins.includes(new URL(url).origin);
  } catch {
    return false;
  }
}

export async function startCheckout(deps: DonationDeps, input: CheckoutInput): Promise<CheckoutResult> {
  const stripe = deps.stripe;
  if (!stripe.on) return { kind: 'off' };
  const now = deps.clock.now();
  const ipHash = hashIp(deps.secrets.ipKey, input.ip, now);
  if (ipHash && !(await deps.checkoutsPerIp.take(deps.db, ipHash.toString('base64url'), now))) return { kind: 'rate-limited' };

  const intentId = deps.newId();
  const { currency, frequency, amountMinor } = input.form;
  await insertIntent(deps.db, { id: intentId, campaign: deps.campaign, lang: input.lang, currency, frequency, amountMinor, createdAt: now });
  const params = checkoutParams({ intentId, campaign: deps.campaign, lang: input.lang, currency, frequency, amountMinor, baseUrl: deps.config.baseUrl, t: translatorFor(deps.i18n, input.lang) });
  try {
    const session = await stripe.client.checkout.sessions.create(params, { idempotencyKey: intentId });
    if (!acceptableUrl(session.url, stripe.checkoutOrigins)) {
      deps.logger.error({ intentId, sessionId: session.id }, 'stripe returned a checkout session without a usable url');
      return { kind: 'stripe-failed' };
    }
    await setCheckoutSession(deps.db, intentId, session.id);
    return { kind: 'redirect', url: session.url };
  } catch (error) {
    // The error's type, code and request id only: never its request (the key is in its headers).
    const e = error as { type?: unknown; code?: unknown; statusCode?: unknown; requestId?: unknown };
    deps.logger.error({ intentId, stripeError: { type: e.type, code: e.code, status: e.statusCode, requestId: e.requestId } }, 'stripe checkout session failed');
    return { kind: 'stripe-failed' };
  }
}
