// /metrics in the Prometheus text format, never public by default:
// - METRICS_TOKEN only: on the app's port, for `Authorization: Bearer $METRICS_TOKEN` (compared in constant time);
// - METRICS_PORT (bound to HOST): only there, not on the app's port; with METRICS_TOKEN as well, the token is needed there too;
// - neither: not served at all (the app's 404).
// Besides the counters of lib/metrics.ts and request-metrics.ts, a scrape reads what the database knows
// (the job thread's work lives there): jobs by queue and state, mail delivered, and this instance's pool.
// Those figures are shared by every instance on the database; they are read at most every 5 s.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Request, RequestHandler, Router } from 'express';
import { createRouter } from './params.ts';
import client from 'prom-client';
import type { Config } from '../config.ts';
import type { Db } from '../db/knex.ts';
import { metricsRegistry } from '../lib/metrics.ts';
import { ttlCache } from '../lib/ttl-cache.ts';

interface MetricsDeps {
  readonly config: Config;
  readonly db: Db;
}

export const metricsEnabled = (config: Config): boolean => Boolean(config.metrics.token || config.metrics.port);

let defaultMetrics = false;

interface DatabaseFigures {
  readonly jobs: { queue: string; state: string; n: number }[];
  readonly delivered: { kind: string; n: number }[];
}

/** The figures the database holds, as gauges of a registry of this app's own (several apps may share a process in tests). */
function databaseRegistry(db: Db): client.Registry {
  const registry = new client.Registry();
  const figures = ttlCache(5000, async (): Promise<DatabaseFigures> => {
    const [jobs, delivered] = await Promise.all([
      db.raw("select name as queue, state::text as state, count(*)::int as n from pgboss.job where state <> 'completed' group by 1, 2"),
      db.raw('select kind, count(*)::int as n from email_deliveries group by 1'),
    ]);
    return { jobs: jobs.rows, delivered: delivered.rows };
  });
  const read = () => figures.get(undefined).catch(() => ({ jobs: [], delivered: [] }) as DatabaseFigures);
  new client.Gauge({
    name: 'dauys_jobs',
    help: 'Jobs not completed, by queue and state (created and retry: waiting; active: running; failed: given up after their retries)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { queue, state, n } of (await read()).jobs) this.set({ queue, state }, n);
    },
  });
  new client.Gauge({
    name: 'dauys_mail_queued',
    help: 'Emails waiting to be sent or being sent (jobs of the email queues, created, retry or active)',
    registers: [registry],
    async collect() {
      this.set((await read()).jobs.filter((j) => j.queue.startsWith('email-') && ['created', 'retry', 'active'].includes(j.state)).reduce((sum, j) => sum + j.n, 0));
    },
  });
  new client.Counter({
    name: 'dauys_mail_sent_total',
    help: 'Emails the mail server accepted, by kind (email_deliveries)',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { kind, n } of (await read()).delivered) this.inc({ kind }, n);
    },
  });
  new client.Gauge({
    name: 'dauys_db_pool_connections',
    help: "This instance's database connections by state (used, free, waiting: callers waiting for one), and the pool's maximum",
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const current = (db.client as { pool?: TarnPool }).pool;
      if (!current) return;
      this.set({ state: 'used' }, current.numUsed());
      this.set({ state: 'free' }, current.numFree());
      this.set({ state: 'waiting' }, current.numPendingAcquires());
      this.set({ state: 'max' }, current.max);
    },
  });
  return registry;
}

/** The parts of knex's pool (tarn) read here. */
type TarnPool = { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number };

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Whether the request carries the token (a constant-time comparison of digests of equal length). */
export function hasToken(authorization: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token));
}

/** The text a scrape gets. */
function scraper(deps: MetricsDeps): () => Promise<{ body: string; contentType: string }> {
  if (!defaultMetrics) {
    client.collectDefaultMetrics({ register: metricsRegistry, prefix: 'dauys_' });
    defaultMetrics = true;
  }
  const own = databaseRegistry(deps.db);
  return async () => {
    const merged = client.Registry.merge([metricsRegistry, own]);
    return { body: await merged.metrics(), contentType: merged.contentType };
  };
}

/** On the app's port: GET /metrics when METRICS_TOKEN is set and METRICS_PORT is not; otherwise nothing (404). */
export function metricsRoute(deps: MetricsDeps): Router {
  const router = createRouter();
  const { token, port } = deps.config.metrics;
  if (!token || port) return router;
  const scrape = scraper(deps);
  const handler: RequestHandler = async (req: Request, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    if (!hasToken(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return void res.status(401).type('text/plain').send('a bearer token is needed\n');
    }
    const { body, contentType } = await scrape();
    res.type(contentType).send(body);
  };
  router.get('/metrics', handler);
  return router;
}

/** With METRICS_PORT: a server of its own on HOST:METRICS_PORT serving /metrics only. */
export async function startMetricsServer(deps: MetricsDeps): Promise<http.Server | undefined> {
  const { token, port } = deps.config.metrics;
  if (!port) return undefined;
  const scrape = scraper(deps);
  const server = http.createServer((req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if ((req.url ?? '').split('?')[0] !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (token && !hasToken(req.headers.authorization, token)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer realm="metrics"' }).end('a bearer token is needed\n');
      return;
    }
    scrape().then(
      ({ body, contentType }) => res.writeHead(200, { 'Content-Type': contentType }).end(req.method === 'HEAD' ? undefined : body),
      () => res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new Error(`METRICS_PORT ${port} on ${deps.config.host} is already in use`) : error));
    server.listen(port, deps.config.host, () => resolve());
  });
  return server;
}
