// The parts of Stripe's objects the webhook reads (API version pinned in stripe-client.ts), checked with
// zod rather than trusted: an event of ours that lacks one of them is recorded as malformed and logged,
// never half-applied. Unknown fields are ignored; ids may come as strings or as expanded objects.
import { z } from 'zod';
import { isLang, type Lang } from '../i18n/languages.ts';
import { INTENT_KEY } from './checkout-params.ts';

const id = z.string().min(3).max(255);
/** A reference that may be expanded: its id either way. */
const ref = z.union([id, z.object({ id }).transform((o) => o.id)]).nullable().optional().transform((v) => v ?? null);
const currency = z.string().regex(/^[a-zA-Z]{3}$/).transform((c) => c.toUpperCase());
const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const metadata = z.record(z.string(), z.string()).nullable().optional().transform((m) => m ?? {});
const email = z.string().min(3).max(254).nullable().optional().transform((e) => e ?? null);

export const envelopeSchema = z.object({
  id,
  type: z.string().max(100),
  created: z.number().int().positive(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const sessionSchema = z.object({
  id,
  mode: z.string(),
  payment_status: z.string(),
  amount_total: minor,
  currency,
  metadata,
  customer_details: z.object({ email }).nullable().optional(),
  payment_intent: ref,
  subscription: ref,
  invoice: ref,
});

export const invoiceSchema = z.object({
  id,
  currency,
  amount_paid: minor,
  billing_reason: z.string().nullable().optional(),
  customer_email: email,
  status_transitions: z.object({ paid_at: z.number().int().nullable().optional() }).nullable().optional(),
  parent: z
    .object({ subscription_details: z.object({ subscription: ref, metadata }).nullable().optional() })
    .nullable()
    .optional(),
  // Included only when the endpoint asks for it; the refund job looks it up otherwise.
  payments: z.object({ data: z.array(z.object({ payment: z.object({ payment_intent: ref }).optional() })) }).nullable().optional(),
});

export const chargeSchema = z.object({ id, currency, amount_refunded: minor, payment_intent: ref });

export const subscriptionSchema = z.object({
  id,
  status: z.string().max(24),
  metadata,
  canceled_at: z.number().int().nullable().optional(),
  ended_at: z.number().int().nullable().optional(),
  items: z
    .object({ data: z.array(z.object({ price: z.object({ currency, unit_amount: minor.nullable().optional() }).optional() })) })
    .optional(),
});

/** Our marks on a Stripe object: the intent, the page's language and the campaign. */
export interface OwnMarks {
  readonly intentId: string;
  readonly lang: Lang;
  readonly campaign: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Our marks, or undefined when the object is not one of our donations (another product on the account). */
export function ownMarks(meta: Record<string, string>): OwnMarks | undefined {
  const intentId = meta[INTENT_KEY];
  if (!intentId || !UUID.test(intentId)) return undefined;
  return { intentId, lang: isLang(meta.lang) ? meta.lang : 'en', campaign: meta.campaign ? meta.campaign.slice(0, 80) : null };
}

export const fromSeconds = (s: number): Date => new Date(s * 1000);
