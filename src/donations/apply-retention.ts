// Daily: what donations keep no longer than they need. Donors' addresses (used only for the thank-you
// email) are erased 90 days after the payment, keeping the keyed hash so a donor can still ask what is
// held; Stripe event ids go after 90 days (Stripe retries for 3 days, and resends by hand within 30);
// intents that never led to a payment (abandoned forms, no personal data) after 30 days.
import type { DonationDeps } from './donation-deps.ts';
import { deleteEventsBefore } from './events.repo.ts';
import { deleteAbandonedIntents } from './intents.repo.ts';
import { eraseAddressesBefore } from './payments.repo.ts';

const DAY_MS = 24 * 3600 * 1000;
export const ADDRESS_DAYS = 90;

export async function applyDonationRetention(deps: DonationDeps): Promise<{ addresses: number; events: number; intents: number }> {
  const now = deps.clock.now().getTime();
  const addresses = await eraseAddressesBefore(deps.db, new Date(now - ADDRESS_DAYS * DAY_MS));
  const events = await deleteEventsBefore(deps.db, new Date(now - 90 * DAY_MS));
  const intents = await deleteAbandonedIntents(deps.db, new Date(now - 30 * DAY_MS));
  return { addresses, events, intents };
}
