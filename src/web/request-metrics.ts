// Request rate and latency by route, for /metrics. The label is the route's pattern
// ("/:lang/confirm/:token"), never the path a visitor asked for: tokens and slugs typed by anyone would
// otherwise end up in the metrics (and make a new series each).
import type { Request, RequestHandler } from 'express';
import client from 'prom-client';
import { isLang } from '../i18n/languages.ts';
import { metricsRegistry } from '../lib/metrics.ts';

const duration = new client.Histogram({
  name: 'dauys_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status: latency (its _count is the request rate)',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

const STATIC_PATH = /^\/(css|js|fonts)\/|^\/favicon\.svg$/;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const segments = (p: string): string[] => p.split('/').filter((s) => s !== '');

/**
 * The matched route's pattern under its mount point: the route's own path (Express keeps it on
 * req.route) after the segments it was mounted below, a language segment shown as ":lang". Any other
 * mount segment that could carry a value is shown as ":param".
 */
export function routeLabel(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string') return STATIC_PATH.test(req.path) ? 'static' : 'unmatched';
  const own = segments(route).length;
  const all = segments((req.originalUrl.split('?')[0] ?? '/').replace(/\/+$/, ''));
  const mount = all.slice(0, Math.max(0, all.length - own)).map((s) => (isLang(s) ? ':lang' : /^(admin|api|v\d+|embed|webhooks)$/.test(s) ? s : ':param'));
  const label = `/${[...mount, ...segments(route)].join('/')}`;
  return route.endsWith('/') && label !== '/' ? `${label}/` : label;
}

export const requestMetrics: RequestHandler = (req, res, next) => {
  const end = duration.startTimer();
  res.once('finish', () => end({ method: METHODS.has(req.method) ? req.method : 'OTHER', route: routeLabel(req), status: String(res.statusCode) }));
  next();
};
