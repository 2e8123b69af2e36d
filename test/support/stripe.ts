// A local HTTP double of the Stripe API (a plain http.createServer on loopback, reached through
// STRIPE_API_BASE), and Stripe events signed as Stripe signs them. The double records every request
// (form-encoded body decoded into objects, headers), answers POST /v1/checkout/sessions like Stripe
// (honouring Idempotency-Key: the same key and body give the same session, another body a 400), GET
// /v1/invoice_payments from the mappings a test registers, subscription cancels, and serves a stand-in
// Checkout page at the session's url.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export const STRIPE_SECRET_KEY = 'sk_test_double_0123456789';
export const WEBHOOK_SECRET = 'whsec_test_double_0123456789abcdef';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** The form-encoded body, decoded (a[b][0][c]=1 → { a: { b: [{ c: '1' }] } }). */
  readonly form: Record<string, unknown>;
  readonly rawBody: string;
}

export interface StripeDouble {
  /** e.g. http://127.0.0.1:41234: STRIPE_API_BASE. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Checkout Session creations only. */
  sessions(): RecordedRequest[];
  /** The next `count` API requests answer `status` (500: a Stripe outage). */
  failNext(status: number, count?: number): void;
  /** Makes GET /v1/invoice_payments?payment[payment_intent]=pi answer with that invoice. */
  mapPaymentIntent(paymentIntent: string, invoiceId: string): void;
  /** The env that points the app at this double. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** Decodes Stripe's form encoding (nested brackets, numeric keys as arrays). */
export function decodeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  const arrays = (value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arrays(v)] as const);
    return entries.length > 0 && entries.every(([k], i) => k === String(i)) ? entries.map(([, v]) => v) : Object.fromEntries(entries);
  };
  return arrays(root) as Record<string, unknown>;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${randomBytes(6).toString('hex')}` });
  res.end(JSON.stringify(body));
};

const stripeError = (type: string, message: string, code?: string) => ({ error: { type, message, ...(code ? { code } : {}) } });

function validateSession(form: Record<string, unknown>): string | undefined {
  const line = (form.line_items as Record<string, unknown>[] | undefined)?.[0] as { price_data?: { unit_amount?: string; currency?: string; recurring?: { interval?: string } } } | undefined;
  if (form.mode !== 'payment' && form.mode !== 'subscription') return 'mode must be payment or subscription';
  if (typeof form.success_url !== 'string' || typeof form.cancel_url !== 'string') return 'success_url and cancel_url are required';
  if (!line?.price_data?.currency || !/^\d+$/.test(line.price_data.unit_amount ?? '')) return 'line_items[0][price_data] needs currency and an integer unit_amount';
  if (form.mode === 'subscription' && !line.price_data.recurring?.interval) return 'subscription mode needs a recurring price';
  if (form.mode === 'payment' && line.price_data.recurring) return 'payment mode cannot have a recurring price';
  return undefined;
}

export async function startStripeDouble(): Promise<StripeDouble> {
  const requests: RecordedRequest[] = [];
  const byKey = new Map<string, { body: string; response: unknown }>();
  const invoiceOf = new Map<string, string>();
  let failures: { status: number; left: number } | undefined;
  let base = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'GET' && url.pathname.startsWith('/pay/')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(`<!doctype html><html lang="en"><title>Stripe Checkout (test double)</title><h1>Checkout ${url.pathname.slice(5)}</h1></html>`);
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, form: decodeForm(rawBody || url.search.slice(1)), rawBody };
      requests.push(recorded);
      if (req.headers.authorization !== `Bearer ${STRIPE_SECRET_KEY}`) return json(res, 401, stripeError('invalid_request_error', 'Invalid API Key provided'));
      if (failures && failures.left > 0) {
        failures.left -= 1;
        return json(res, failures.status, stripeError('api_error', 'The double is down'));
      }
      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        const key = req.headers['idempotency-key'];
        if (typeof key === 'string' && byKey.has(key)) {
          const earlier = byKey.get(key)!;
          if (earlier.body !== rawBody) return json(res, 400, stripeError('idempotency_error', 'Keys for idempotent requests can only be used with the same parameters', 'idempotency_key_in_use'));
          return json(res, 200, earlier.response);
        }
        const problem = validateSession(recorded.form);
        if (problem) return json(res, 400, stripeError('invalid_request_error', problem, 'parameter_invalid'));
        const id = `cs_test_${randomBytes(12).toString('hex')}`;
        const session = { id, object: 'checkout.session', mode: recorded.form.mode, status: 'open', url: `${base}/pay/${id}`, metadata: recorded.form.metadata ?? {} };
        if (typeof key === 'string') byKey.set(key, { body: rawBody, response: session });
        return json(res, 200, session);
      }
      if (req.method === 'GET' && url.pathname === '/v1/invoice_payments') {
        const pi = url.searchParams.get('payment[payment_intent]') ?? '';
        const invoice = invoiceOf.get(pi);
        const data = invoice ? [{ id: `inpay_${randomBytes(6).toString('hex')}`, object: 'invoice_payment', invoice, payment: { type: 'payment_intent', payment_intent: pi } }] : [];
        return json(res, 200, { object: 'list', data, has_more: false, url: '/v1/invoice_payments' });
      }
      const cancel = /^\/v1\/subscriptions\/([A-Za-z0-9_]+)$/.exec(url.pathname);
      if (req.method === 'DELETE' && cancel) return json(res, 200, { id: cancel[1], object: 'subscription', status: 'canceled' });
      json(res, 404, stripeError('invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname})`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    sessions: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions'),
    failNext(status, count = 1) {
      failures = { status, left: count };
    },
    mapPaymentIntent(paymentIntent, invoiceId) {
      invoiceOf.set(paymentIntent, invoiceId);
    },
    env: () => ({ STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: base }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- Events, signed as Stripe signs them ----

let sequence = 0;
const unique = (prefix: string) => `${prefix}_test_${Date.now().toString(36)}${(sequence += 1).toString(36)}${randomBytes(4).toString('hex')}`;
export const newId = unique;

export interface StripeEventBody {
  readonly id: string;
  readonly object: 'event';
  readonly type: string;
  readonly created: number;
  readonly api_version: string;
  readonly livemode: false;
  readonly data: { readonly object: Record<string, unknown> };
}

export function event(type: string, object: Record<string, unknown>, created = Math.floor(Date.now() / 1000)): StripeEventBody {
  return { id: unique('evt'), object: 'event', type, created, api_version: '2026-10-28.endive', livemode: false, data: { object } };
}

/** The raw body and its Stripe-Signature header (timestamp: seconds; defaults to now). */
export function signed(body: StripeEventBody | string, options: { secret?: string; timestamp?: number } = {}): { payload: string; header: string } {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}) });
  return { payload, header };
}

export interface Marks {
  readonly intentId: string;
  readonly lang?: string;
  readonly campaign?: string;
}

const meta = (m: Marks) => ({ dauys_intent: m.intentId, campaign: m.campaign ?? 'zhanaozen', lang: m.lang ?? 'en', frequency: 'once' });

export function sessionObject(options: Marks & { id: string; mode: 'payment' | 'subscription'; amount: number; currency: string; paid?: boolean; email?: string; paymentIntent?: string; subscription?: string; invoice?: string }) {
  return {
    id: options.id,
    object: 'checkout.session',
    mode: options.mode,
    status: 'complete',
    payment_status: options.paid === false ? 'unpaid' : 'paid',
    amount_total: options.amount,
    currency: options.currency.toLowerCase(),
    customer_details: { email: options.email ?? 'donor@example.org', name: 'Donor Name' },
    metadata: { ...meta(options), frequency: options.mode === 'subscription' ? 'monthly' : 'once' },
    payment_intent: options.paymentIntent ?? null,
    subscription: options.subscription ?? null,
    invoice: options.invoice ?? null,
  };
}

export function invoiceObject(options: Marks & { id: string; subscription: string; amount: number; currency: string; email?: string; first?: boolean; paidAt?: number }) {
  return {
    id: options.id,
    object: 'invoice',
    status: 'paid',
    currency: options.currency.toLowerCase(),
    amount_paid: options.amount,
    amount_due: options.amount,
    billing_reason: options.first === false ? 'subscription_cycle' : 'subscription_create',
    customer_email: options.email ?? 'donor@example.org',
    status_transitions: { paid_at: options.paidAt ?? Math.floor(Date.now() / 1000) },
    parent: { type: 'subscription_details', subscription_details: { subscription: options.subscription, metadata: { ...meta(options), frequency: 'monthly' } } },
  };
}

export function chargeObject(options: { id: string; paymentIntent: string; amountRefunded: number; currency: string; amount?: number }) {
  return { id: options.id, object: 'charge', amount: options.amount ?? options.amountRefunded, amount_refunded: options.amountRefunded, refunded: true, currency: options.currency.toLowerCase(), payment_intent: options.paymentIntent };
}

export function subscriptionObject(options: Marks & { id: string; status: string; amount: number; currency: string }) {
  return {
    id: options.id,
    object: 'subscription',
    status: options.status,
    metadata: { ...meta(options), frequency: 'monthly' },
    canceled_at: options.status === 'canceled' ? Math.floor(Date.now() / 1000) : null,
    ended_at: null,
    items: { object: 'list', data: [{ price: { currency: options.currency.toLowerCase(), unit_amount: options.amount, recurring: { interval: 'month' } } }] },
  };
}
