// The petition page and the API through a real HTTP cache (Varnish, builtin VCL) in front of the app,
// for the results table beside the origin's own figures, with the share of requests that reached the app.
import { freePort } from './processes.ts';
import { getRequest, measure, type Measurement } from './scenarios.ts';
import { startVarnish, VARNISHD } from './varnish.ts';

export interface CacheRun {
  readonly page: Measurement;
  readonly api: Measurement;
  /** "n of m requests (x%) reached the app". */
  readonly originShare: string;
}

export async function measureThroughCache(options: { appPort: number; page: string; api: string; connections: number; warmupS: number; durationS: number }): Promise<CacheRun | undefined> {
  if (!VARNISHD) return undefined;
  const cache = await startVarnish(await freePort(), options.appPort);
  try {
    const timed = async (name: string, urlPath: string) => {
      await measure({ name: `${name} warm-up`, origin: cache.url, expectStatus: 200, connections: options.connections, duration: options.warmupS, request: (i) => getRequest(urlPath, i) });
      return measure({ name, origin: cache.url, expectStatus: 200, connections: options.connections, duration: options.durationS, request: (i) => getRequest(urlPath, i) });
    };
    const before = await cache.stats();
    const page = await timed(`GET ${options.page} via Varnish`, options.page);
    const api = await timed(`GET ${options.api} via Varnish`, options.api);
    const after = await cache.stats();
    const clients = after.clientRequests - before.clientRequests;
    const origin = after.originRequests - before.originRequests;
    return { page, api, originShare: `${origin} of ${clients} requests through the cache reached the app (${((origin / Math.max(clients, 1)) * 100).toFixed(3)}%)` };
  } finally {
    await cache.stop();
  }
}
