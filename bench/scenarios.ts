// The load runs: autocannon with a request builder called before every request (each request gets its
// own X-Forwarded-For, and signs their own address), and what a browser does to get a form's CSRF pair.
import autocannon from 'autocannon';
import { cpuSeconds } from './processes.ts';

export type RequestParams = autocannon.RequestParams;

export interface LoadRun {
  readonly name: string;
  /** Origin, e.g. http://127.0.0.1:3000 */
  readonly origin: string;
  readonly expectStatus: number;
  readonly connections: number;
  /** Seconds (for open-ended runs) … */
  readonly duration?: number;
  /** … or an exact number of requests. */
  readonly amount?: number;
  /** The i-th request (i counts from 0 over the whole run). */
  readonly request: (i: number) => RequestParams;
  /** The server's process, to measure the CPU time it spends per request. */
  readonly serverPid?: number;
}

export interface Measurement {
  readonly name: string;
  /** Responses with the expected status. */
  readonly ok: number;
  readonly completed: number;
  /** Response bytes (headers and body) over the run. */
  readonly bytes: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Connection errors, timeouts and responses with another status. */
  readonly errors: number;
  readonly statuses: Record<string, number>;
  /** CPU time the server process used per completed request (NaN if unknown). */
  readonly serverCpuMs: number;
  /** CPU time the load generator (this process) used per completed request. */
  readonly clientCpuMs: number;
}

export async function measure(run: LoadRun): Promise<Measurement> {
  let next = 0;
  let unexpected = 0;
  let ok = 0;
  let lastResponse = 0;
  let bytes = 0;
  const statuses: Record<string, number> = {};
  const serverCpuBefore = cpuSeconds(run.serverPid);
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  const instance = autocannon({
    url: run.origin,
    connections: run.connections,
    ...(run.amount !== undefined ? { amount: run.amount } : { duration: run.duration ?? 10 }),
    timeout: 10,
    requests: [{ setupRequest: (defaults) => ({ ...defaults, ...run.request(next++) }) }],
  });
  instance.on('response', (_client: unknown, statusCode: number, responseBytes: number) => {
    lastResponse = performance.now();
    bytes += responseBytes;
    const key = String(statusCode);
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (Number(statusCode) === run.expectStatus) ok += 1;
    else unexpected += 1;
  });
  const result = await instance;
  const serverCpu = cpuSeconds(run.serverPid) - serverCpuBefore;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const completed = ok + unexpected;
  // autocannon rounds a run's duration up to its next one-second tick; time to the last response instead.
  const seconds = ((lastResponse || performance.now()) - started) / 1000;
  return {
    name: run.name,
    ok,
    completed,
    bytes,
    seconds,
    rps: completed / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: unexpected + result.errors,
    statuses,
    serverCpuMs: (serverCpu * 1000) / Math.max(completed, 1),
    clientCpuMs: (clientCpu.user + clientCpu.system) / 1000 / Math.max(completed, 1),
  };
}

/** A distinct client address for each request: 10.x.y.z from the counter. */
export const forwardedFor = (i: number, net = 10): string => `${net}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

export interface FormSession {
  readonly rendered: string;
}

/** GETs a form page as a browser would and keeps its hidden field (public forms set no cookie). */
export async function openForm(url: string): Promise<FormSession> {
  const res = await fetch(url, { headers: { 'x-forwarded-for': '192.0.2.1' } });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  const rendered = /name="rendered" value="([^"]*)"/.exec(html)?.[1];
  if (rendered === undefined) throw new Error(`no rendered field on ${url}`);
  if (res.headers.getSetCookie().length > 0) throw new Error(`GET ${url} set a cookie`);
  return { rendered };
}

const FORM = 'application/x-www-form-urlencoded';
const COUNTRIES = ['PL', 'KZ', 'DE', 'FR'] as const;

/** A signature with its own address (spread over 50 domains), country and client address. */
export function signRequest(form: FormSession, path: string, i: number): RequestParams {
  const body = new URLSearchParams({
    name: `Bench Signer ${i}`,
    email: `bench-${i}@example-${i % 50}.org`,
    country: COUNTRIES[i % COUNTRIES.length] ?? 'PL',
    consent: 'on',
    rendered: form.rendered,
  }).toString();
  return { method: 'POST', path, headers: { 'content-type': FORM, 'sec-fetch-site': 'same-origin', 'x-forwarded-for': forwardedFor(i) }, body };
}

/** Presses the button of one emailed confirmation link. */
export function confirmRequest(path: string, i: number): RequestParams {
  return { method: 'POST', path, headers: { 'content-type': FORM, 'sec-fetch-site': 'same-origin', 'x-forwarded-for': forwardedFor(i, 11) }, body: '' };
}

export function getRequest(path: string, i: number): RequestParams {
  return { method: 'GET', path, headers: { 'x-forwarded-for': forwardedFor(i, 12) } };
}
