// The counters capabilities increment (signatures created and confirmed, mail refused), in one
// prom-client registry that /metrics serves (web/metrics-endpoint.ts). Incrementing costs a few
// nanoseconds and needs no wiring; nothing here knows a capability.
// The job workers run in their own thread, whose memory the main thread cannot read: a count made there
// is posted on a BroadcastChannel and added up by the main thread. What the database knows already
// (jobs by state, mail delivered) is read from it at scrape time instead (see metrics-endpoint.ts).
import { BroadcastChannel, isMainThread } from 'node:worker_threads';
import client from 'prom-client';

export const metricsRegistry = new client.Registry();

const signaturesCreated = new client.Counter({ name: 'dauys_signatures_created_total', help: 'Signing requests accepted (stored, or answered by mail when the address had signed), by petition', labelNames: ['petition'] as const, registers: [metricsRegistry] });
const signaturesConfirmed = new client.Counter({ name: 'dauys_signatures_confirmed_total', help: 'Signatures confirmed by their emailed link (a second confirmation is not counted)', labelNames: ['petition'] as const, registers: [metricsRegistry] });
const mailRefused = new client.Counter({ name: 'dauys_mail_refused_total', help: 'Emails the mail server refused permanently (5xx; not retried), by kind', labelNames: ['kind'] as const, registers: [metricsRegistry] });

type CountMessage = { readonly metric: 'mail_refused'; readonly kind: string };

const channel = new BroadcastChannel('dauys-metrics');
channel.unref();
if (isMainThread) {
  channel.onmessage = (event) => {
    const message = (event as { data?: CountMessage }).data;
    if (message?.metric === 'mail_refused' && typeof message.kind === 'string') mailRefused.inc({ kind: message.kind.slice(0, 60) });
  };
}

export function countSignatureCreated(petition: string): void {
  signaturesCreated.inc({ petition });
}

export function countSignatureConfirmed(petition: string): void {
  signaturesConfirmed.inc({ petition });
}

/** A permanent refusal by the mail server (from any thread). */
export function countMailRefused(kind: string): void {
  if (isMainThread) mailRefused.inc({ kind });
  else channel.postMessage({ metric: 'mail_refused', kind } satisfies CountMessage);
}
