// Use-case: what the success page may say about one Checkout Session: only what the webhook has
// recorded (the redirect back from Stripe proves nothing). Amount and frequency, never the donor.
import type { Lang } from '../i18n/languages.ts';
import type { Currency, Frequency } from './amounts.ts';
import type { DonationDeps } from './donation-deps.ts';
import { findIntentBySession } from './intents.repo.ts';
import { findFirstPayment } from './payments.repo.ts';

export type DonationStatus =
  | { readonly state: 'unknown' }
  | { readonly state: 'waiting' | 'paid' | 'failed'; readonly currency: Currency; readonly amountMinor: number; readonly frequency: Frequency; readonly lang: Lang };

export async function loadDonationStatus(deps: DonationDeps, sessionId: string): Promise<DonationStatus> {
  const intent = await findIntentBySession(deps.db, sessionId);
  if (!intent) return { state: 'unknown' };
  const payment = await findFirstPayment(deps.db, sessionId, intent.id);
  const state = payment?.status === 'paid' ? 'paid' : payment?.status === 'failed' ? 'failed' : 'waiting';
  return { state, currency: intent.currency, amountMinor: payment?.amountMinor ?? intent.amountMinor, frequency: intent.frequency, lang: intent.lang };
}
