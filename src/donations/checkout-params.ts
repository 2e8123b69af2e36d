// The Checkout Session a donation asks Stripe for: one line with an inline price (price_data), in payment
// mode for a one-off gift and in subscription mode with a monthly recurring price for a monthly one. The
// campaign, language and intent go into the metadata of the session and of the PaymentIntent or
// subscription it makes, so every later event can be traced back and thanked in the right language.
import type Stripe from 'stripe';
import type { Lang } from '../i18n/languages.ts';
import type { Translate } from '../i18n/i18n.ts';
import { stripeCurrency, type Currency, type Frequency } from './amounts.ts';

/**
 * Checkout's own language for each of ours. Stripe Checkout has no Kazakh, so a Kazakh page opens
 * Checkout in Russian: Russian is an official language of Kazakhstan too and nearly every reader of our
 * Kazakh pages reads it, while 'auto' would follow a Kazakh browser to Stripe's fallback, English.
 */
export const CHECKOUT_LOCALE: Readonly<Record<Lang, Stripe.Checkout.SessionCreateParams.Locale>> = { en: 'en-GB', ru: 'ru', pl: 'pl', kk: 'ru' };

/** The metadata key that marks a Stripe object as one of our donations (its value is the intent id). */
export const INTENT_KEY = 'dauys_intent';

export interface CheckoutInput {
  readonly intentId: string;
  readonly campaign: string;
  readonly lang: Lang;
  readonly currency: Currency;
  readonly frequency: Frequency;
  readonly amountMinor: number;
  readonly baseUrl: string;
  readonly t: Translate;
}

export function checkoutParams(input: CheckoutInput): Stripe.Checkout.SessionCreateParams {
  const metadata = { [INTENT_KEY]: input.intentId, campaign: input.campaign, lang: input.lang, frequency: input.frequency };
  const monthly = input.frequency === 'monthly';
  const pages = `${input.baseUrl}/${input.lang}/donate`;
  const common: Stripe.Checkout.SessionCreateParams = {
    client_reference_id: input.intentId,
    locale: CHECKOUT_LOCALE[input.lang],
    metadata,
    // Stripe puts the session id in place of the placeholder: the page shows that donation's status.
    success_url: `${pages}/thanks?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${pages}/cancelled`,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: stripeCurrency(input.currency),
          unit_amount: input.amountMinor,
          product_data: { name: input.t(monthly ? 'donations.checkout.productMonthly' : 'donations.checkout.productOnce') },
          ...(monthly ? { recurring: { interval: 'month' as const, interval_count: 1 } } : {}),
        },
      },
    ],
  };
  if (monthly) return { ...common, mode: 'subscription', subscription_data: { metadata } };
  return { ...common, mode: 'payment', submit_type: 'donate', payment_intent_data: { metadata } };
}
